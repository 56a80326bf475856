import { Bot } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotApiEmulator } from "./emulator.js";

let emulator: BotApiEmulator;

beforeEach(async () => {
  emulator = await BotApiEmulator.start({ token: "42:TEST-token" });
});
afterEach(async () => {
  await emulator.close();
});

const post = (path: string, body: string, type: string) =>
  fetch(`${emulator.apiRoot}${path}`, { method: "POST", headers: { "content-type": type }, body });

describe("the HTTP front", () => {
  it("has no trailing slash in apiRoot and answers getMe", async () => {
    expect(emulator.apiRoot).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${emulator.apiRoot}/bot42:TEST-token/getMe`);
    const body = (await res.json()) as { ok: boolean; result: { id: number; is_bot: boolean } };
    expect(body.ok).toBe(true);
    expect(body.result).toMatchObject({ id: 42, is_bot: true });
  });

  it("answers 401 for another token and 404 for unknown methods or paths", async () => {
    const wrong = await fetch(`${emulator.apiRoot}/bot1:other/getMe`);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
    const unknown = await fetch(`${emulator.apiRoot}/bot42:TEST-token/sendTelepathy`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, error_code: 404, description: "Not Found" });
    expect((await fetch(`${emulator.apiRoot}/elsewhere`)).status).toBe(404);
  });

  it("reads urlencoded bodies, query strings and JSON-encoded fields in forms", async () => {
    const user = emulator.user();
    const markup = JSON.stringify({ inline_keyboard: [[{ text: "a", callback_data: "b" }]] });
    const form = new URLSearchParams({
      chat_id: String(user.id),
      text: "<b>x</b>",
      parse_mode: "HTML",
      reply_markup: markup,
    });
    const res = await post(
      "/bot42:TEST-token/sendMessage",
      form.toString(),
      "application/x-www-form-urlencoded",
    );
    const body = (await res.json()) as {
      result: { text: string; reply_markup: unknown; entities: unknown[] };
    };
    expect(body.result.text).toBe("x");
    expect(body.result.entities).toHaveLength(1);
    expect(body.result.reply_markup).toEqual(JSON.parse(markup));
    const viaQuery = await fetch(
      `${emulator.apiRoot}/bot42:TEST-token/sendMessage?chat_id=${user.id}&text=q`,
    );
    expect(((await viaQuery.json()) as { result: { text: string } }).result.text).toBe("q");
  });

  it("reads multipart bodies the way grammY writes them", async () => {
    const user = emulator.user();
    const boundary = "xyz";
    const body = [
      `--${boundary}\r\ncontent-disposition:form-data;name="chat_id"\r\n\r\n${user.id}`,
      `--${boundary}\r\ncontent-disposition:form-data;name="document"\r\n\r\nattach://f1`,
      `--${boundary}\r\ncontent-disposition:form-data;name="caption"\r\n\r\nhé`,
      `--${boundary}\r\ncontent-disposition:form-data;name="f1";filename=notes.txt\r\ncontent-type:application/octet-stream\r\n\r\nDATA`,
      `--${boundary}--\r\n`,
    ].join("\r\n");
    const res = await post(
      "/bot42:TEST-token/sendDocument",
      body,
      `multipart/form-data; boundary=${boundary}`,
    );
    const json = (await res.json()) as { result: { caption: string; document: { file_name: string } } };
    expect(json.result.caption).toBe("hé");
    expect(json.result.document.file_name).toBe("notes.txt");
  });

  it("records every call and runs calls in-process", async () => {
    const user = emulator.user();
    const seen: string[] = [];
    emulator.on("call", (c) => seen.push(c.method));
    const bot = new Bot(emulator.token, { client: { apiRoot: emulator.apiRoot } });
    await bot.api.sendMessage(user.id, "hi", {
      protect_content: true,
      link_preview_options: { is_disabled: true },
    });
    const outcome = await emulator.invoke("sendMessage", { chat_id: user.id, text: "" });
    expect(outcome).toEqual({
      ok: false,
      error: { error_code: 400, description: "Bad Request: message text is empty" },
    });
    expect(seen).toEqual(["sendMessage", "sendMessage"]);
    expect(emulator.calls[0]).toMatchObject({ method: "sendMessage", ok: true, via: "http" });
    expect(emulator.sent(user.id)[0]?.message).toMatchObject({
      has_protected_content: true,
      link_preview_options: { is_disabled: true },
    });
    expect(emulator.stats()).toMatchObject({ calls: 2, messagesSent: 1, errors: { "400": 1 } });
  });
});
