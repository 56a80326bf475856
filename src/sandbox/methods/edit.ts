/**
 * editMessageText, editMessageCaption, editMessageReplyMarkup, with "not modified".
 * No 48-hour rule: the Bot API reference (editMessageText, in @grammyjs/types 5.0.0 methods.d.ts)
 * limits to 48 hours only "business messages that were not sent by the bot"; the bot's own messages
 * stay editable. The 48 hours apply to deleting (delete-pin.ts).
 */
import type { InlineKeyboardMarkup, MessageEntity } from "grammy/types";
import { badRequest, TEXT } from "../api-error.js";
import type { EmulatorCore } from "../core.js";
import type { FormattedText } from "../entity-rules.js";
import { CAPTION, MESSAGE_TEXT, readFormatted } from "../formatted-text.js";
import { isRecord, optStr, reqInt } from "../params.js";
import type { StoredMessage } from "../store.js";
import type { Params } from "../types.js";
import { checkReplyMarkup } from "../validate-markup.js";
import { writableChat } from "./access.js";
import { type CallContext, canonical, type Handler } from "./context.js";

interface Target {
  stored: StoredMessage;
  inline: boolean;
}

function editTarget(core: EmulatorCore, p: Params): Target {
  const inlineId = optStr(p, "inline_message_id");
  if (inlineId) {
    const stored = core.store.inlineMessages.get(inlineId);
    if (!stored || stored.deleted) throw badRequest("MESSAGE_ID_INVALID");
    return { stored, inline: true };
  }
  const chat = writableChat(core, p);
  const stored = chat.messages.get(reqInt(p, "message_id", "message identifier is not specified"));
  if (!stored || stored.deleted) throw badRequest(TEXT.editNotFound);
  if (!stored.byBot) throw badRequest(TEXT.cantEdit);
  return { stored, inline: false };
}

/** An inline keyboard, or undefined when it has no buttons (Telegram treats both the same). */
function keyboard(p: Params): InlineKeyboardMarkup | undefined {
  const markup = checkReplyMarkup(p.reply_markup, true);
  return markup?.inline_keyboard.some((row) => row.length > 0) ? markup : undefined;
}

interface Change {
  textKey?: "text" | "caption";
  formatted?: FormattedText;
  markup: InlineKeyboardMarkup | undefined;
}

function applyEdit(core: EmulatorCore, target: Target, change: Change, p: Params): unknown {
  const m = target.stored.message;
  const entitiesKey = change.textKey === "caption" ? "caption_entities" : "entities";
  const sameText =
    !change.textKey ||
    ((m[change.textKey] ?? "") === change.formatted?.text &&
      canonical(m[entitiesKey] ?? []) === canonical(change.formatted?.entities ?? []));
  if (sameText && canonical(m.reply_markup ?? null) === canonical(change.markup ?? null))
    throw badRequest(TEXT.notModified);
  const entities = (m.entities ?? m.caption_entities) as MessageEntity[] | undefined;
  target.stored.edits.push(
    structuredClone({
      at: core.now(),
      text: m.text,
      caption: m.caption,
      entities,
      reply_markup: m.reply_markup,
    }),
  );
  if (change.textKey && change.formatted) {
    if (change.formatted.text === "" && change.textKey === "caption") delete m.caption;
    else m[change.textKey] = change.formatted.text;
    if (change.formatted.entities.length > 0) m[entitiesKey] = change.formatted.entities;
    else delete m[entitiesKey];
  }
  if (change.markup) m.reply_markup = change.markup;
  else delete m.reply_markup;
  if (isRecord(p.link_preview_options)) m.link_preview_options = p.link_preview_options;
  m.edit_date = core.nowSeconds();
  target.stored.params = { ...target.stored.params, ...p };
  core.emitMessage("edited", target.stored);
  return target.inline ? true : structuredClone(m);
}

const editMessageText: Handler = (p, { core }: CallContext) => {
  const target = editTarget(core, p);
  if (target.stored.message.text === undefined) throw badRequest("there is no text in the message to edit");
  const formatted = readFormatted(p, MESSAGE_TEXT);
  return applyEdit(core, target, { textKey: "text", formatted, markup: keyboard(p) }, p);
};

const editMessageCaption: Handler = (p, { core }: CallContext) => {
  const target = editTarget(core, p);
  if (target.stored.message.text !== undefined)
    throw badRequest("there is no caption in the message to edit");
  const formatted = readFormatted(p, CAPTION) ?? { text: "", entities: [] };
  return applyEdit(core, target, { textKey: "caption", formatted, markup: keyboard(p) }, p);
};

const editMessageReplyMarkup: Handler = (p, { core }: CallContext) =>
  applyEdit(core, editTarget(core, p), { markup: keyboard(p) }, p);

export const editMethods: Record<string, Handler> = {
  editMessageText,
  editMessageCaption,
  editMessageReplyMarkup,
};
