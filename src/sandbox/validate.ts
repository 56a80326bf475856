/**
 * Stateless Bot API rules for outgoing calls, usable in-process without HTTP:
 * `validateCall("sendMessage", { chat_id, text, parse_mode: "HTML" })`.
 * Rules that need state (chat exists, message exists, not modified, 48 hours, query expiry) live in the methods.
 */
import { ApiError, badRequest } from "./api-error.js";
import { CAPTION, INLINE_TEXT, MESSAGE_TEXT, readFormatted } from "./formatted-text.js";
import { isRecord, normalizeParams, optStr, utf8Length } from "./params.js";
import type { ApiErrorBody, Params } from "./types.js";
import { checkReplyMarkup } from "./validate-markup.js";

export type ValidationResult = { ok: true } | ({ ok: false } & ApiErrorBody);

type Rule = (p: Params) => void;

const MEDIA_FIELD: Record<string, string> = {
  sendphoto: "photo",
  sendvideo: "video",
  senddocument: "document",
  sendaudio: "audio",
  sendanimation: "animation",
  sendvoice: "voice",
  sendvideonote: "video_note",
  sendsticker: "sticker",
};

export const CHAT_ACTIONS = new Set(
  "typing upload_photo record_video upload_video record_voice upload_voice upload_document choose_sticker find_location record_video_note upload_video_note".split(
    " ",
  ),
);

const markup: Rule = (p) => void checkReplyMarkup(p.reply_markup);
const inlineMarkup: Rule = (p) => void checkReplyMarkup(p.reply_markup, true);

const RULES: Record<string, Rule> = {
  sendmessage: (p) => {
    readFormatted(p, MESSAGE_TEXT);
    markup(p);
  },
  editmessagetext: (p) => {
    readFormatted(p, MESSAGE_TEXT);
    inlineMarkup(p);
  },
  editmessagecaption: (p) => {
    readFormatted(p, CAPTION);
    inlineMarkup(p);
  },
  editmessagereplymarkup: inlineMarkup,
  copymessage: (p) => {
    readFormatted(p, CAPTION);
    markup(p);
  },
  answercallbackquery: (p) => {
    if (!optStr(p, "callback_query_id")) throw badRequest("query_id is empty");
    if ((optStr(p, "text") ?? "").length > 200) throw badRequest("MESSAGE_TOO_LONG");
  },
  answerinlinequery: checkInlineAnswer,
  setmycommands: checkCommands,
  setmydescription: (p) => maxLength(p, "description", 512),
  setmyshortdescription: (p) => maxLength(p, "short_description", 120),
  setmyname: (p) => maxLength(p, "name", 64),
  deletemessages: (p) => messageIds(p),
  copymessages: (p) => messageIds(p),
  forwardmessages: (p) => messageIds(p),
  sendchataction: (p) => {
    if (!CHAT_ACTIONS.has(optStr(p, "action") ?? "")) throw badRequest("wrong parameter action in request");
  },
};

for (const [method, field] of Object.entries(MEDIA_FIELD)) {
  RULES[method] = (p) => {
    if (p[field] === undefined || p[field] === "") throw badRequest(`there is no ${field} in the request`);
    readFormatted(p, CAPTION);
    markup(p);
  };
}

/** Throws the ApiError Telegram would answer for a call that breaks a stateless rule. */
export function assertValidCall(method: string, params: Params): void {
  RULES[method.toLowerCase()]?.(params);
}

/** Checks one outgoing call against the Bot API's stateless rules. */
export function validateCall(method: string, params: Params): ValidationResult {
  try {
    assertValidCall(method, normalizeParams(params));
    return { ok: true };
  } catch (e) {
    if (e instanceof ApiError) return { ok: false, ...e.toBody() };
    throw e;
  }
}

function maxLength(p: Params, field: string, max: number): void {
  if ((optStr(p, field) ?? "").length > max) throw badRequest(`${field} is too long`);
  const lang = optStr(p, "language_code") ?? "";
  if (lang !== "" && !/^[a-z]{2}$/.test(lang)) throw badRequest("LANG_CODE_INVALID");
}

function messageIds(p: Params): void {
  const ids = p.message_ids;
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > 100 || !ids.every((id) => Number.isInteger(id)))
    throw badRequest("message_ids must be a non-empty array of at most 100 integers");
}

const COMMAND = /^[a-z0-9_]{1,32}$/;
const SCOPES = new Set(
  "default all_private_chats all_group_chats all_chat_administrators chat chat_administrators chat_member".split(
    " ",
  ),
);

function checkCommands(p: Params): void {
  const commands = p.commands;
  if (!Array.isArray(commands)) throw badRequest("can't parse commands JSON object");
  if (commands.length > 100) throw badRequest("BOT_COMMANDS_TOO_MUCH");
  for (const c of commands) {
    if (!isRecord(c) || typeof c.command !== "string" || !COMMAND.test(c.command))
      throw badRequest("BOT_COMMAND_INVALID");
    if (typeof c.description !== "string" || c.description.length < 1 || c.description.length > 256)
      throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
  }
  checkScope(p);
}

/** BotCommandScope and language_code, shared by set/get/deleteMyCommands. */
export function checkScope(p: Params): void {
  const scope = p.scope;
  if (scope !== undefined) {
    if (!isRecord(scope) || typeof scope.type !== "string" || !SCOPES.has(scope.type))
      throw badRequest("unsupported bot command scope type");
    if (scope.type.startsWith("chat") && scope.chat_id === undefined) throw badRequest("chat_id is empty");
    if (scope.type === "chat_member" && scope.user_id === undefined) throw badRequest("user_id is empty");
  }
  const lang = optStr(p, "language_code") ?? "";
  if (lang !== "" && !/^[a-z]{2}$/.test(lang)) throw badRequest("LANG_CODE_INVALID");
}

const RESULT_TYPES = new Set(
  "article photo gif mpeg4_gif video audio voice document location venue contact game sticker".split(" "),
);

function checkInlineAnswer(p: Params): void {
  if (!optStr(p, "inline_query_id")) throw badRequest("query_id is empty");
  const results = p.results;
  if (!Array.isArray(results)) throw badRequest("can't parse inline query results JSON object");
  if (results.length > 50) throw badRequest("RESULTS_TOO_MUCH");
  const ids = new Set<string>();
  for (const r of results) {
    if (!isRecord(r) || typeof r.type !== "string" || !RESULT_TYPES.has(r.type))
      throw badRequest("can't parse inline query result: Unsupported inline query result type");
    const id = typeof r.id === "number" ? String(r.id) : r.id;
    if (typeof id !== "string" || utf8Length(id) < 1 || utf8Length(id) > 64)
      throw badRequest("RESULT_ID_INVALID");
    if (ids.has(id)) throw badRequest("RESULT_ID_DUPLICATE");
    ids.add(id);
    if (r.type === "article") {
      if (typeof r.title !== "string" || r.title === "")
        throw badRequest('can\'t parse inline query result: Field "title" must be of type String');
      if (!isRecord(r.input_message_content))
        throw badRequest(
          'can\'t parse inline query result: Field "input_message_content" must be of type Object',
        );
    }
    const content = r.input_message_content;
    if (isRecord(content) && "message_text" in content) readFormatted(content, INLINE_TEXT);
    checkReplyMarkup(r.reply_markup, true);
  }
  if (utf8Length(optStr(p, "next_offset") ?? "") > 64) throw badRequest("NEXT_OFFSET_INVALID");
  const button = p.button;
  if (button !== undefined) {
    if (!isRecord(button) || typeof button.text !== "string")
      throw badRequest("can't parse inline query results button");
    const start = button.start_parameter;
    if (start !== undefined && (typeof start !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(start)))
      throw badRequest("START_PARAM_INVALID");
    if (start === undefined && button.web_app === undefined)
      throw badRequest("can't parse inline query results button");
  }
}
