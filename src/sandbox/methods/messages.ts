/** sendMessage, copyMessage(s), forwardMessage(s). */
import type { MessageOrigin } from "grammy/types";
import { badRequest } from "../api-error.js";
import type { EmulatorCore } from "../core.js";
import type { FormattedText } from "../entity-rules.js";
import { CAPTION, MESSAGE_TEXT, readFormatted } from "../formatted-text.js";
import { optBool, reqInt } from "../params.js";
import type { ChatRecord, StoredMessage } from "../store.js";
import type { Params } from "../types.js";
import { readChat, sendTarget, writableChat } from "./access.js";
import { commitSend, composeBase, messageContent } from "./compose.js";
import type { Handler } from "./context.js";

const sendMessage: Handler = (p, { core }) => {
  const chat = writableChat(core, p);
  const formatted = readFormatted(p, MESSAGE_TEXT) as FormattedText;
  const fields = { ...composeBase(core, chat, p), text: formatted.text };
  if (formatted.entities.length > 0) Object.assign(fields, { entities: formatted.entities });
  return commitSend(core, chat, p, fields, "sendMessage");
};

/** The source message of a copy or forward, with Telegram's refusals. */
function source(chat: ChatRecord, id: number, verb: "copy" | "forward"): StoredMessage {
  const src = chat.messages.get(id);
  if (!src || src.deleted) throw badRequest(`message to ${verb} not found`);
  if (src.message.has_protected_content)
    throw badRequest("message has protected content and can't be forwarded");
  if (!messageContent(src)) throw badRequest(`message can't be ${verb === "copy" ? "copied" : "forwarded"}`);
  return src;
}

function copyFields(
  core: EmulatorCore,
  chat: ChatRecord,
  src: StoredMessage,
  p: Params,
): Record<string, unknown> {
  const content = messageContent(src) ?? {};
  if (content.text === undefined) {
    const caption = readFormatted(p, CAPTION);
    if (caption || optBool(p, "remove_caption")) {
      delete content.caption;
      delete content.caption_entities;
    }
    if (caption && caption.text.length > 0) {
      content.caption = caption.text;
      if (caption.entities.length > 0) content.caption_entities = caption.entities;
    }
  }
  return { ...composeBase(core, chat, p), ...content };
}

function originOf(src: StoredMessage): MessageOrigin {
  const m = src.message;
  if (m.forward_origin) return m.forward_origin as MessageOrigin;
  if (m.chat.type === "channel")
    return { type: "channel", chat: m.chat, message_id: m.message_id, date: m.date } as MessageOrigin;
  if (m.sender_chat) return { type: "chat", sender_chat: m.sender_chat, date: m.date } as MessageOrigin;
  return { type: "user", sender_user: m.from, date: m.date } as MessageOrigin;
}

function forwardFields(
  core: EmulatorCore,
  chat: ChatRecord,
  src: StoredMessage,
  p: Params,
): Record<string, unknown> {
  const base = composeBase(core, chat, { ...p, reply_markup: undefined, reply_parameters: undefined });
  return { ...base, ...messageContent(src), forward_origin: originOf(src) };
}

const copyMessage: Handler = (p, { core }) => {
  const chat = writableChat(core, p);
  const src = source(readChat(core, p, "from_chat_id"), reqInt(p, "message_id"), "copy");
  const sent = commitSend(core, chat, p, copyFields(core, chat, src, p), "copyMessage");
  return { message_id: sent.message_id };
};

const forwardMessage: Handler = (p, { core }) => {
  const chat = writableChat(core, p);
  const src = source(readChat(core, p, "from_chat_id"), reqInt(p, "message_id"), "forward");
  return commitSend(core, chat, p, forwardFields(core, chat, src, p), "forwardMessage");
};

/** copyMessages / forwardMessages: missing messages are skipped; the batch is rate-limited as one. */
function many(verb: "copy" | "forward", method: string): Handler {
  return (p, { core }) => {
    const chat = writableChat(core, p);
    const from = readChat(core, p, "from_chat_id");
    const ids = [...new Set(p.message_ids as number[])].sort((a, b) => a - b);
    const sources = ids.flatMap((id) => {
      try {
        return [source(from, id, verb)];
      } catch {
        return [];
      }
    });
    if (sources.length === 0) throw badRequest(`there are no messages to ${verb}`);
    core.limiter.admit(sendTarget(core, chat, p), sources.length);
    return sources.map((src) => {
      const fields = verb === "copy" ? copyFields(core, chat, src, p) : forwardFields(core, chat, src, p);
      const stored = core.store.addMessage(chat, fields, { byBot: true, method, params: p });
      core.emitMessage("sent", stored);
      return { message_id: stored.message.message_id };
    });
  };
}

export const messageMethods: Record<string, Handler> = {
  sendMessage,
  copyMessage,
  forwardMessage,
  copyMessages: many("copy", "copyMessages"),
  forwardMessages: many("forward", "forwardMessages"),
};
