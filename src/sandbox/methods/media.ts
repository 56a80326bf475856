/** File-carrying sends: sendPhoto, sendVideo, sendDocument and friends; file_id strings, URLs or uploads. */
import { badRequest } from "../api-error.js";
import { type FormattedText, sortEntities } from "../entity-rules.js";
import type { KnownFile } from "../files.js";
import { CAPTION, readFormatted } from "../formatted-text.js";
import type { Params } from "../types.js";
import { writableChat } from "./access.js";
import { commitSend, composeBase } from "./compose.js";
import type { CallContext, Handler } from "./context.js";

/**
 * The file a send carries: a file_id Telegram knows (else 400), a URL, or a multipart upload, named by
 * `attach://name` (grammY's way) or sent as the field itself; uploads over 50 MB get Telegram's 413.
 */
function resolveFile(field: string, p: Params, call: CallContext): KnownFile {
  const value = p[field];
  const files = call.core.files;
  if (typeof value === "string" && /^https?:\/\//i.test(value)) return files.fromUrl(field, value);
  if (typeof value === "string" && !value.startsWith("attach://")) return files.resend(value);
  const name = typeof value === "string" ? value.slice("attach://".length) : field;
  const upload = call.files.get(name);
  if (!upload) throw badRequest(`there is no ${field} in the request`);
  return files.upload(field, upload);
}

function fileObject(kind: string, known: KnownFile): unknown {
  const base = {
    file_id: known.file_id,
    file_unique_id: known.file_unique_id,
    file_size: known.file_size ?? 1024,
  };
  switch (kind) {
    case "photo":
      return [
        {
          ...base,
          file_id: `${known.file_id}-s`,
          file_unique_id: `${known.file_unique_id}-s`,
          width: 90,
          height: 90,
        },
        { ...base, width: 1280, height: 720 },
      ];
    case "video":
    case "animation":
      return { ...base, width: 1280, height: 720, duration: 1 };
    case "document":
      return {
        ...base,
        ...(known.file_name ? { file_name: known.file_name } : {}),
        ...(known.mime_type ? { mime_type: known.mime_type } : {}),
      };
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
    fields[kind] = fileObject(kind, resolveFile(kind, p, call));
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
