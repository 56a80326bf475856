import { describe, expect, it } from "vitest";
import { validateCall } from "./validate.js";

const bad = (description: string) => ({
  ok: false,
  error_code: 400,
  description: `Bad Request: ${description}`,
});
const keyboard = (...buttons: Record<string, unknown>[]) => ({ inline_keyboard: [buttons] });
const send = (reply_markup: unknown) => validateCall("sendMessage", { chat_id: 1, text: "t", reply_markup });

describe("reply_markup", () => {
  it("measures callback_data in UTF-8 bytes: 64 fit, 65 do not", () => {
    const cyrillic = (bytes: number) => "ж".repeat(Math.floor(bytes / 2)) + "x".repeat(bytes % 2);
    expect(Buffer.byteLength(cyrillic(65))).toBe(65);
    expect(send(keyboard({ text: "a", callback_data: cyrillic(64) }))).toEqual({ ok: true });
    expect(send(keyboard({ text: "a", callback_data: cyrillic(65) }))).toEqual(bad("BUTTON_DATA_INVALID"));
    expect(send(keyboard({ text: "a", callback_data: "" }))).toEqual(bad("BUTTON_DATA_INVALID"));
  });

  it("needs exactly one action per inline button", () => {
    expect(send(keyboard({ text: "a" }))).toEqual(
      bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"),
    );
    expect(send(keyboard({ text: "a", callback_data: "x", url: "https://x.org" }))).toMatchObject({
      ok: false,
    });
    expect(send(keyboard({ text: "a", switch_inline_query: "" }))).toEqual({ ok: true });
    expect(send(keyboard({ text: "a", copy_text: { text: "copied" } }))).toEqual({ ok: true });
  });

  it("accepts http(s) and tg:// URLs only", () => {
    expect(send(keyboard({ text: "a", url: "https://t.me/bot?start=s1" }))).toEqual({ ok: true });
    expect(send(keyboard({ text: "a", url: "tg://user?id=1" }))).toEqual({ ok: true });
    expect(send(keyboard({ text: "a", url: "javascript:alert(1)" }))).toEqual(bad("BUTTON_URL_INVALID"));
  });

  it("reads reply_markup given as a JSON string, as form bodies send it", () => {
    expect(send(JSON.stringify(keyboard({ text: "a", callback_data: "x" })))).toEqual({ ok: true });
    expect(send("{not json")).toEqual(bad("can't parse reply keyboard markup JSON object"));
  });

  it("accepts only inline keyboards in edits", () => {
    const edit = validateCall("editMessageReplyMarkup", {
      chat_id: 1,
      message_id: 1,
      reply_markup: { keyboard: [["a"]] },
    });
    expect(edit).toEqual(bad("inline keyboard expected"));
  });
});

describe("answerCallbackQuery and answerInlineQuery", () => {
  it("limits callback answer text to 200 characters", () => {
    const answer = (text: string) => validateCall("answerCallbackQuery", { callback_query_id: "1", text });
    expect(answer("x".repeat(200))).toEqual({ ok: true });
    expect(answer("x".repeat(201))).toMatchObject({ ok: false, error_code: 400 });
  });

  const article = (id: string, message_text = "hello") => ({
    type: "article",
    id,
    title: "t",
    input_message_content: { message_text, parse_mode: "HTML" },
  });
  const inline = (extra: Record<string, unknown>) =>
    validateCall("answerInlineQuery", { inline_query_id: "1", ...extra });

  it("enforces 50 results, unique ids of 1-64 bytes and a valid message text", () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => article(`r${i}`));
    expect(inline({ results: many(50) })).toEqual({ ok: true });
    expect(inline({ results: many(51) })).toEqual(bad("RESULTS_TOO_MUCH"));
    expect(inline({ results: [article("a"), article("a")] })).toEqual(bad("RESULT_ID_DUPLICATE"));
    expect(inline({ results: [article("й".repeat(33))] })).toEqual(bad("RESULT_ID_INVALID"));
    expect(inline({ results: [article("a", "x < y")] })).toMatchObject({ ok: false, error_code: 400 });
    expect(inline({ results: [article("a", "x".repeat(4097))] })).toEqual(bad("message is too long"));
  });

  it("checks next_offset and the button's start_parameter", () => {
    expect(inline({ results: [], next_offset: "x".repeat(64) })).toEqual({ ok: true });
    expect(inline({ results: [], next_offset: "x".repeat(65) })).toEqual(bad("NEXT_OFFSET_INVALID"));
    expect(inline({ results: [], button: { text: "Go", start_parameter: "s3p12" } })).toEqual({ ok: true });
    expect(inline({ results: [], button: { text: "Go", start_parameter: "s3 p12" } })).toEqual(
      bad("START_PARAM_INVALID"),
    );
    expect(inline({ results: [], button: { text: "Go", start_parameter: "x".repeat(65) } })).toEqual(
      bad("START_PARAM_INVALID"),
    );
  });
});

describe("setMyCommands", () => {
  const set = (commands: unknown, extra: Record<string, unknown> = {}) =>
    validateCall("setMyCommands", { commands, ...extra });

  it("allows 100 commands of [a-z0-9_]{1,32} with 1-256 character descriptions", () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ command: `c${i}`, description: "d" }));
    expect(set(many(100))).toEqual({ ok: true });
    expect(set(many(101))).toEqual(bad("BOT_COMMANDS_TOO_MUCH"));
    expect(set([{ command: "Start", description: "d" }])).toEqual(bad("BOT_COMMAND_INVALID"));
    expect(set([{ command: "x".repeat(33), description: "d" }])).toEqual(bad("BOT_COMMAND_INVALID"));
    expect(set([{ command: "ok", description: "" }])).toEqual(bad("BOT_COMMAND_DESCRIPTION_INVALID"));
    expect(set([{ command: "ok", description: "d".repeat(257) }])).toEqual(
      bad("BOT_COMMAND_DESCRIPTION_INVALID"),
    );
  });

  it("checks the scope and language code", () => {
    const one = [{ command: "a", description: "b" }];
    expect(set(one, { scope: { type: "chat_member", chat_id: 1, user_id: 2 }, language_code: "fr" })).toEqual(
      { ok: true },
    );
    expect(set(one, { scope: { type: "everyone" } })).toMatchObject({ ok: false });
    expect(set(one, { language_code: "french" })).toEqual(bad("LANG_CODE_INVALID"));
  });
});
