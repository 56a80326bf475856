import { Bot } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { describe, expect, it } from "vitest";
import type { RelayContext } from "../context.js";
import { rateLimitSenders } from "./rate-limit.js";

const me = { id: 1, is_bot: true, first_name: "bot", username: "relay_bot" } as UserFromGetMe;

/** A bot that answers every message "ok", behind the limiter; sends are recorded, never made. */
function limitedBot(limit: number) {
  const bot = new Bot<RelayContext>("1:test", { botInfo: me });
  const sent: Array<{ method: string; chat_id?: number; text?: string; results?: unknown[] }> = [];
  bot.api.config.use(async (_prev, method, payload) => {
    const p = payload as { chat_id?: number; text?: string; results?: unknown[] };
    sent.push({ method, chat_id: p.chat_id, text: p.text, results: p.results });
    return { ok: true, result: true as never };
  });
  const i18n = (ctx: RelayContext, next: () => Promise<void>) => {
    ctx.t = ((key: string) => key) as RelayContext["t"];
    return next();
  };
  bot.use(
    rateLimitSenders(i18n, {
      windowMs: 60_000,
      messagesPerWindow: limit,
      pressesPerWindow: limit,
      inlineQueriesPerWindow: limit,
    }),
  );
  bot.on("message", (ctx) => ctx.reply("ok"));
  bot.on("callback_query", (ctx) => ctx.answerCallbackQuery());
  bot.on("inline_query", (ctx) =>
    ctx.answerInlineQuery([
      { type: "article", id: "1", title: "t", input_message_content: { message_text: "m" } },
    ]),
  );
  let id = 0;
  const message = (userId: number, chat = { id: userId, type: "private" }): Update =>
    ({
      update_id: ++id,
      message: {
        message_id: id,
        date: 0,
        chat,
        from: { id: userId, is_bot: false, first_name: "u" },
        text: "hi",
      },
    }) as Update;
  return { bot, sent, message, next: () => ++id };
}

describe("rateLimitSenders", () => {
  it("lets `limit` messages through, then gives one notice per window and drops the rest", async () => {
    const { bot, sent, message } = limitedBot(3);
    await Promise.all(Array.from({ length: 40 }, () => bot.handleUpdate(message(7_000_000_001))));
    const texts = sent.filter((s) => s.chat_id === 7_000_000_001).map((s) => s.text);
    expect(texts.filter((t) => t === "ok")).toHaveLength(3);
    expect(texts.filter((t) => t === "guards.slow-down")).toHaveLength(1);
  });

  it("never slows or silences anyone else", async () => {
    const { bot, sent, message } = limitedBot(3);
    await Promise.all(Array.from({ length: 40 }, () => bot.handleUpdate(message(7_000_000_001))));
    await bot.handleUpdate(message(7_000_000_002));
    expect(sent.filter((s) => s.chat_id === 7_000_000_002).map((s) => s.text)).toEqual(["ok"]);
  });

  it("stays silent in a group: no notice in front of everyone", async () => {
    const { bot, sent, message } = limitedBot(1);
    const group = { id: -1_001_234_567_890, type: "supergroup" };
    for (let i = 0; i < 5; i++) await bot.handleUpdate(message(7_000_000_003, group));
    expect(sent.map((s) => s.text)).toEqual(["ok"]);
  });

  it("answers every press over the limit with a slow-down, and every inline query with no result", async () => {
    const { bot, sent, next } = limitedBot(2);
    const from = { id: 7_000_000_004, is_bot: false, first_name: "u" };
    for (let i = 0; i < 5; i++) {
      await bot.handleUpdate({
        update_id: next(),
        callback_query: { id: `q${i}`, from, chat_instance: "1", data: "x" },
      });
      await bot.handleUpdate({
        update_id: next(),
        inline_query: { id: `i${i}`, from, query: "q", offset: "" },
      });
    }
    const presses = sent.filter((s) => s.method === "answerCallbackQuery").map((s) => s.text);
    expect(presses).toEqual([
      undefined,
      undefined,
      "guards.slow-down-press",
      "guards.slow-down-press",
      "guards.slow-down-press",
    ]);
    const inline = sent.filter((s) => s.method === "answerInlineQuery").map((s) => s.results?.length);
    expect(inline).toEqual([1, 1, 0, 0, 0]);
  });

  it("counts presses, inline queries and messages apart", async () => {
    const { bot, sent, message, next } = limitedBot(1);
    const from = { id: 7_000_000_005, is_bot: false, first_name: "u" };
    await bot.handleUpdate({ update_id: next(), inline_query: { id: "i", from, query: "q", offset: "" } });
    await bot.handleUpdate({
      update_id: next(),
      callback_query: { id: "q", from, chat_instance: "1", data: "x" },
    });
    await bot.handleUpdate(message(7_000_000_005));
    expect(sent.map((s) => s.text ?? s.results?.length)).toEqual([1, undefined, "ok"]);
  });
});
