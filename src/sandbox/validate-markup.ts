/** reply_markup rules: inline keyboards (one action per button, callback_data in bytes, URL schemes) and the rest. */
import type { InlineKeyboardMarkup } from "grammy/types";
import { badRequest, TEXT } from "./api-error.js";
import { isRecord, utf8Length } from "./params.js";

/** Exactly one of these must be set on an inline keyboard button. */
export const BUTTON_ACTIONS = [
  "callback_data",
  "url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "copy_text",
  "login_url",
  "web_app",
  "callback_game",
  "pay",
  "disabled",
] as const;

const BUTTON = "can't parse inline keyboard button";
const isLink = (url: unknown) => typeof url === "string" && /^(https?|tg):\/\/[^\s]+$/i.test(url);
const isHttpLink = (url: unknown) => typeof url === "string" && /^https?:\/\/[^\s]+$/i.test(url);

/** Checks any reply_markup; `inlineOnly` for edits and inline results, which accept only inline keyboards. */
export function checkReplyMarkup(markup: unknown, inlineOnly = false): InlineKeyboardMarkup | undefined {
  if (markup === undefined) return undefined;
  if (!isRecord(markup)) throw badRequest("can't parse reply keyboard markup JSON object");
  if ("inline_keyboard" in markup) return checkInlineKeyboard(markup.inline_keyboard);
  if (inlineOnly) throw badRequest("inline keyboard expected");
  if ("keyboard" in markup) {
    const rows = markup.keyboard;
    if (!Array.isArray(rows) || !rows.every(Array.isArray))
      throw badRequest('field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays');
    for (const b of rows.flat())
      if (typeof b !== "string" && !(isRecord(b) && typeof b.text === "string"))
        throw badRequest("can't parse keyboard button: KeyboardButton must be a String or an Object");
    return undefined;
  }
  if (markup.remove_keyboard === true || markup.force_reply === true) return undefined;
  throw badRequest('can\'t find field "inline_keyboard", "keyboard", "remove_keyboard" or "force_reply"');
}

function checkInlineKeyboard(rows: unknown): InlineKeyboardMarkup {
  if (!Array.isArray(rows) || !rows.every(Array.isArray))
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  for (const row of rows as unknown[][]) for (const button of row) checkInlineButton(button);
  return { inline_keyboard: rows } as InlineKeyboardMarkup;
}

function checkInlineButton(b: unknown): void {
  if (!isRecord(b)) throw badRequest(`${BUTTON}: InlineKeyboardButton must be an Object`);
  if (typeof b.text !== "string") throw badRequest(`${BUTTON}: Field "text" must be of type String`);
  if (b.text.trim() === "") throw badRequest("BUTTON_TEXT_INVALID");
  const actions = BUTTON_ACTIONS.filter((a) => b[a] !== undefined);
  if (actions.length === 0) throw badRequest(`${BUTTON}: Text buttons are unallowed in the inline keyboard`);
  if (actions.length > 1)
    throw badRequest(`${BUTTON}: exactly one of ${actions.join(", ")} must be used, not ${actions.length}`);
  const data = b.callback_data;
  if (data !== undefined && (typeof data !== "string" || utf8Length(data) < 1 || utf8Length(data) > 64))
    throw badRequest(TEXT.buttonData);
  if (b.url !== undefined && !isLink(b.url)) throw badRequest("BUTTON_URL_INVALID");
  if (b.login_url !== undefined && !(isRecord(b.login_url) && isHttpLink(b.login_url.url)))
    throw badRequest("BUTTON_URL_INVALID");
  if (b.web_app !== undefined && !(isRecord(b.web_app) && isHttpLink(b.web_app.url)))
    throw badRequest("BUTTON_URL_INVALID");
  for (const field of ["switch_inline_query", "switch_inline_query_current_chat"] as const)
    if (b[field] !== undefined && typeof b[field] !== "string")
      throw badRequest(`${BUTTON}: Field "${field}" must be of type String`);
  if (b.switch_inline_query_chosen_chat !== undefined && !isRecord(b.switch_inline_query_chosen_chat))
    throw badRequest(`${BUTTON}: Field "switch_inline_query_chosen_chat" must be of type Object`);
  const copy = b.copy_text;
  if (
    copy !== undefined &&
    !(isRecord(copy) && typeof copy.text === "string" && copy.text.length >= 1 && copy.text.length <= 256)
  )
    throw badRequest("COPY_TEXT_INVALID");
}
