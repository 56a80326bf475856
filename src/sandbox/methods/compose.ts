/** Building the Message objects the bot's sends produce, and committing them to the store. */
import { badRequest, TEXT } from "../api-error.js";
import type { EmulatorCore } from "../core.js";
import { isRecord, optBool, optInt } from "../params.js";
import type { ChatRecord, Msg, StoredMessage } from "../store.js";
import type { Params } from "../types.js";
import { checkReplyMarkup } from "../validate-markup.js";
import { sendTarget } from "./access.js";

/** Fields every bot message carries: sender, reply, thread, preview options, protection, inline keyboard. */
export function composeBase(core: EmulatorCore, chat: ChatRecord, p: Params): Record<string, unknown> {
  const fields: Record<string, unknown> =
    chat.kind === "channel" ? { sender_chat: chat.chat } : { from: core.bot };
  const thread = optInt(p, "message_thread_id");
  if (thread !== undefined) fields.message_thread_id = thread;
  const reply = replyTarget(core, chat, p);
  if (reply) fields.reply_to_message = reply;
  if (isRecord(p.link_preview_options)) fields.link_preview_options = p.link_preview_options;
  if (optBool(p, "protect_content")) fields.has_protected_content = true;
  const markup = checkReplyMarkup(p.reply_markup);
  if (markup?.inline_keyboard.some((row) => row.length > 0)) fields.reply_markup = markup;
  return fields;
}

/** reply_parameters (or the legacy reply_to_message_id): the replied message, one level deep. */
function replyTarget(core: EmulatorCore, chat: ChatRecord, p: Params): Msg | undefined {
  const rp = isRecord(p.reply_parameters) ? p.reply_parameters : undefined;
  const id = rp ? optInt(rp, "message_id") : optInt(p, "reply_to_message_id");
  if (id === undefined) return undefined;
  const allowMissing = rp
    ? optBool(rp, "allow_sending_without_reply")
    : optBool(p, "allow_sending_without_reply");
  const fromChat = rp?.chat_id !== undefined ? core.store.findChat(rp.chat_id as number | string) : chat;
  const target = fromChat?.messages.get(id);
  if (!target || target.deleted) {
    if (allowMissing) return undefined;
    throw badRequest(TEXT.replyNotFound);
  }
  const copy = structuredClone(target.message);
  delete copy.reply_to_message;
  return copy;
}

/** Applies the rate limit, stores the message, announces it, and returns Telegram's Message. */
export function commitSend(
  core: EmulatorCore,
  chat: ChatRecord,
  p: Params,
  fields: Record<string, unknown>,
  method: string,
): Msg {
  core.limiter.admit(sendTarget(core, chat, p));
  const stored = core.store.addMessage(chat, fields, { byBot: true, method, params: p });
  core.emitMessage("sent", stored);
  return structuredClone(stored.message);
}

/** Fields that make up a message's content (what copyMessage and forwardMessage carry over). */
const CONTENT_KEYS = [
  ...["text", "entities", "caption", "caption_entities", "show_caption_above_media", "has_media_spoiler"],
  ...["photo", "video", "document", "audio", "animation", "voice", "video_note", "sticker"],
  ...["location", "venue", "contact", "poll", "dice"],
];

export function messageContent(m: StoredMessage): Record<string, unknown> | undefined {
  const content: Record<string, unknown> = {};
  for (const key of CONTENT_KEYS)
    if (m.message[key] !== undefined) content[key] = structuredClone(m.message[key]);
  return Object.keys(content).length > 0 ? content : undefined;
}
