import { Bot } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../logger.js";
import type { RelayContext } from "../context.js";
import type { Translator } from "../i18n.js";
import { rateLimitSenders } from "./rate-limit.js";
import { SlowLane } from "./slow-lane.js";

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
  const lane = new SlowLane(createLogger("warn", { write: () => {} }));
  const translator = { t: (lang: string) => ((key: string) => `${lang}:${key}`) as never } as Translator;
  bot.use(
    rateLimitSenders(
      { translator, languageOf: (from) => (from.language_code === "fr" ? "fr" : "en"), lane },
      { windowMs: 60_000, messagesPerWindow: limit, pressesPerWindow: limit, inlineQueriesPerWindow: limit },
    ),
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
  return { bot, sent, message, lane, next: () => ++id };
}

describe("rateLimitSenders", () => {
  it("lets `limit` messages through, then gives one notice per window and drops the rest", async () => {
    const { bot, sent, message } = limitedBot(3);
    await Promise.all(Array.from({ length: 40 }, () => bot.handleUpdate(message(7_000_000_001))));
    const texts = sent.filter((s) => s.chat_id === 7_000_000_001).map((s) => s.text);
    expect(texts.filter((t) => t === "ok")).toHaveLength(3);
    expect(texts.filter((t) => t === "en:guards.slow-down")).toHaveLength(1);
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
    const { bot, sent, next, lane } = limitedBot(2);
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
    await lane.idle();
    const presses = sent.filter((s) => s.method === "answerCallbackQuery").map((s) => s.text);
    expect(presses).toEqual([
      undefined,
      undefined,
      "en:guards.slow-down-press",
      "en:guards.slow-down-press",
      "en:guards.slow-down-press",
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

describe("rateLimitSenders at the front of the chain", () => {
  it("answers each press over the limit exactly once, reading the sender's language once a window", async () => {
    const bot = new Bot<RelayContext>("1:test", { botInfo: me });
    const answers: Array<{ id: string; text?: string }> = [];
    bot.api.config.use(async (_prev, method, payload) => {
      const p = payload as { callback_query_id: string; text?: string };
      if (method === "answerCallbackQuery") answers.push({ id: p.callback_query_id, text: p.text });
      return { ok: true, result: true as never };
    });
    const lane = new SlowLane(createLogger("warn", { write: () => {} }));
    let lookups = 0;
    const translator = { t: (lang: string) => ((key: string) => `${lang}:${key}`) as never } as Translator;
    bot.use(
      rateLimitSenders(
        {
          translator,
          languageOf: () => {
            lookups++;
            return "fr";
          },
          lane,
        },
        { windowMs: 60_000, pressesPerWindow: 3 },
      ),
    );
    let reached = 0;
    bot.on("callback_query", (ctx) => {
      reached++;
      return ctx.answerCallbackQuery();
    });
    const from = { id: 7_000_000_006, is_bot: false, first_name: "u", language_code: "fr" };
    for (let i = 0; i < 50; i++)
      await bot.handleUpdate({
        update_id: i + 1,
        callback_query: { id: `q${i}`, from, chat_instance: "1", data: "x" },
      });
    await lane.idle();
    expect(reached).toBe(3);
    expect(answers.map((a) => a.id).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `q${i}`).sort());
    expect(answers.filter((a) => a.text === "fr:guards.slow-down-press")).toHaveLength(47);
    expect(lookups).toBe(1);
  });

  it("keeps a flood's answers back while a reader's update is handled: the reader's answer goes first", async () => {
    const bot = new Bot<RelayContext>("1:test", { botInfo: me });
    const order: string[] = [];
    bot.api.config.use(async (_prev, _method, payload) => {
      const p = payload as { callback_query_id: string; text?: string };
      order.push(p.text ? "slow" : p.callback_query_id);
      return { ok: true, result: true as never };
    });
    const lane = new SlowLane(createLogger("warn", { write: () => {} }), { maxWaitMs: 60_000 });
    const translator = { t: () => ((key: string) => key) as never } as Translator;
    bot.use(
      rateLimitSenders(
        { translator, languageOf: () => "en", lane },
        { windowMs: 60_000, pressesPerWindow: 2 },
      ),
    );
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    bot.on("callback_query", async (ctx) => {
      if (ctx.callbackQuery.data === "read") await gate;
      await ctx.answerCallbackQuery();
    });
    const press = (id: string, userId: number, data: string): Update => ({
      update_id: Number(id.slice(1)) || 1,
      callback_query: {
        id,
        from: { id: userId, is_bot: false, first_name: "u" },
        chat_instance: "1",
        data,
      },
    });
    const reading = bot.handleUpdate(press("reader", 7_000_000_007, "read"));
    for (let i = 0; i < 30; i++) await bot.handleUpdate(press(`f${i}`, 7_000_000_008, "x"));
    await new Promise((r) => setImmediate(r));
    // The flooder's two presses within the limit were answered; the 28 beyond wait for the reader.
    expect(order).toEqual(["f0", "f1"]);
    expect(lane.pending).toBe(28);
    open();
    await reading;
    await lane.idle();
    expect(order.slice(0, 3)).toEqual(["f0", "f1", "reader"]);
    expect(order.slice(3)).toEqual(Array.from({ length: 28 }, () => "slow"));
  });
});
