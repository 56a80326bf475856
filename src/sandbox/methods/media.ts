/** File-carrying sends: sendPhoto, sendVideo, sendDocument and friends; file_id strings, URLs or uploads. */
import { createHash } from "node:crypto";
import { type FormattedText, sortEntities } from "../entity-rules.js";
import { CAPTION, readFormatted } from "../formatted-text.js";
import type { Params } from "../types.js";
import { writableChat } from "./access.js";
import { commitSend, composeBase } from "./compose.js";
import type { CallContext, Handler } from "./context.js";

let uploads = 0;

/** A stable file_unique_id for a file_id. */
const uniqueId = (fileId: string) =>
  `AgAD${createHash("sha1").update(fileId).digest("base64url").slice(0, 12)}`;

/** The file_id Telegram would give: the same id for a file_id, a new one for a URL or an upload. */
function resolveFileId(field: string, p: Params, call: CallContext): string {
  const value = p[field];
  if (typeof value === "string" && !value.startsWith("attach://") && !/^https?:\/\//i.test(value))
    return value;
  uploads++;
  const name = typeof value === "string" && value.startsWith("attach://") ? value.slice(9) : field;
  const file = call.files.get(name);
  const tag = file ? `upload-${file.size}` : "url";
  return `SANDBOX-${field}-${tag}-${uploads}-${Date.now().toString(36)}`;
}

function fileObject(kind: string, fileId: string, p: Params, call: CallContext): unknown {
  const base = { file_id: fileId, file_unique_id: uniqueId(fileId), file_size: 1024 };
  switch (kind) {
    case "photo":
      return [
        { ...base, file_id: `${fileId}-s`, file_unique_id: uniqueId(`${fileId}-s`), width: 90, height: 90 },
        { ...base, width: 1280, height: 720 },
      ];
    case "video":
    case "animation":
      return { ...base, width: 1280, height: 720, duration: 1 };
    case "document": {
      const value = p.document;
      const upload =
        typeof value === "string" && value.startsWith("attach://")
          ? call.files.get(value.slice(9))
          : undefined;
      return upload ? { ...base, file_name: upload.filename } : base;
    }
    case "video_note":
      return { ...base, length: 240, duration: 1 };
    case "sticker":
      return { ...base, type: "regular", width: 512, height: 512, is_animated: false, is_video: false };
    default:
      return { ...base, duration: 1 };
  }
}

function mediaSend(kind: string, method: string): Handler {
  return (p, call) => {
    const { core } = call;
    const chat = writableChat(core, p);
    const caption = readFormatted(p, CAPTION) as FormattedText | undefined;
    const fields = composeBase(core, chat, p);
    fields[kind] = fileObject(kind, resolveFileId(kind, p, call), p, call);
    if (caption && caption.text.length > 0) {
      fields.caption = caption.text;
      if (caption.entities.length > 0) fields.caption_entities = sortEntities(caption.entities);
    }
    return commitSend(core, chat, p, fields, method);
  };
}

export const mediaMethods: Record<string, Handler> = {
  sendPhoto: mediaSend("photo", "sendPhoto"),
  sendVideo: mediaSend("video", "sendVideo"),
  sendDocument: mediaSend("document", "sendDocument"),
  sendAudio: mediaSend("audio", "sendAudio"),
  sendAnimation: mediaSend("animation", "sendAnimation"),
  sendVoice: mediaSend("voice", "sendVoice"),
  sendVideoNote: mediaSend("video_note", "sendVideoNote"),
  sendSticker: mediaSend("sticker", "sendSticker"),
};
