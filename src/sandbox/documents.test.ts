import { Bot, GrammyError, InputFile } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotApiEmulator } from "./emulator.js";
import { MAX_UPLOAD_BYTES } from "./files.js";

describe("sendDocument on the emulator", () => {
  let emulator: BotApiEmulator;
  let bot: Bot;
  beforeEach(async () => {
    emulator = await BotApiEmulator.start();
    bot = new Bot(emulator.token, { client: { apiRoot: emulator.apiRoot } });
  });
  afterEach(async () => {
    await emulator.close();
  });

  const error = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => e as GrammyError,
    );

  it("takes a multipart upload, keeps its bytes and answers with its name, type and size", async () => {
    const user = emulator.user();
    const bytes = Buffer.from("<!DOCTYPE html><p>Алматы</p>");
    const sent = await bot.api.sendDocument(user.id, new InputFile(bytes, "relay-ru.html"), {
      caption: "The article",
    });
    expect(sent.document).toMatchObject({ file_name: "relay-ru.html", file_size: bytes.length });
    expect(sent.caption).toBe("The article");
    expect(emulator.file(sent.document.file_id)?.bytes?.equals(bytes)).toBe(true);
    expect(emulator.sent(user.id)[0]?.method).toBe("sendDocument");
  });

  it("resends a known file_id without an upload, and the same bytes always get the same file_unique_id", async () => {
    const user = emulator.user();
    const first = await bot.api.sendDocument(user.id, new InputFile(Buffer.from("same"), "a.txt"));
    const again = await bot.api.sendDocument(user.id, first.document.file_id);
    expect(again.document.file_id).toBe(first.document.file_id);
    const other = await bot.api.sendDocument(user.id, new InputFile(Buffer.from("same"), "b.txt"));
    expect(other.document.file_id).not.toBe(first.document.file_id);
    expect(other.document.file_unique_id).toBe(first.document.file_unique_id);
  });

  it("refuses a file_id of its own form that it never gave out (another run's), as Telegram does", async () => {
    const user = emulator.user();
    const other = await BotApiEmulator.start();
    const elsewhere = await new Bot(other.token, { client: { apiRoot: other.apiRoot } }).api.sendDocument(
      other.user().id,
      new InputFile(Buffer.from("x"), "x.txt"),
    );
    await other.close();
    const e = await error(bot.api.sendDocument(user.id, elsewhere.document.file_id));
    expect(e).toBeInstanceOf(GrammyError);
    expect(e?.error_code).toBe(400);
    expect(e?.description).toBe("Bad Request: wrong file identifier/HTTP URL specified");
  });

  it("lets the bot send on a file a user sent it", async () => {
    const user = emulator.user();
    user.sendPhoto({ file_id: "AgACAgIAAxkBAAIUser" });
    const sent = await bot.api.sendPhoto(user.id, "AgACAgIAAxkBAAIUser");
    expect(sent.photo.at(-1)?.file_id).toBe("AgACAgIAAxkBAAIUser");
  });

  it("refuses an empty file and a missing attachment", async () => {
    const user = emulator.user();
    const empty = await error(bot.api.sendDocument(user.id, new InputFile(Buffer.alloc(0), "empty.txt")));
    expect(empty?.description).toBe("Bad Request: file must be non-empty");
    const res = await fetch(`${emulator.apiRoot}/bot${emulator.token}/sendDocument`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat_id: user.id, document: "attach://nothing" }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: there is no document in the request",
    });
  });

  it("answers an upload over 50 MB with Telegram's 413, as HTTP status and body", async () => {
    const user = emulator.user();
    const form = new FormData();
    form.set("chat_id", String(user.id));
    form.set("document", new Blob([Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0x61)]), "big.bin");
    const res = await fetch(`${emulator.apiRoot}/bot${emulator.token}/sendDocument`, {
      method: "POST",
      body: form,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ ok: false, error_code: 413, description: "Request Entity Too Large" });
    // Exactly 50 MB is allowed.
    const ok = new FormData();
    ok.set("chat_id", String(user.id));
    ok.set("document", new Blob([Buffer.alloc(MAX_UPLOAD_BYTES, 0x61)]), "max.bin");
    const accepted = await fetch(`${emulator.apiRoot}/bot${emulator.token}/sendDocument`, {
      method: "POST",
      body: ok,
    });
    expect(accepted.status).toBe(200);
    expect(emulator.sent(user.id)).toHaveLength(1);
  }, 30_000);

  it("answers a body far over the limit with 413 too, without dropping the connection", async () => {
    const user = emulator.user();
    const form = new FormData();
    form.set("chat_id", String(user.id));
    form.set("document", new Blob([Buffer.alloc(MAX_UPLOAD_BYTES + 3 * 1024 * 1024)]), "huge.bin");
    const res = await fetch(`${emulator.apiRoot}/bot${emulator.token}/sendDocument`, {
      method: "POST",
      body: form,
    });
    expect(res.status).toBe(413);
    expect(emulator.sent(user.id)).toHaveLength(0);
  }, 30_000);
});
