import { Bot } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../logger.js";
import type { RelayContext } from "../context.js";
import { chatQueue } from "./chat-queue.js";

const me = { id: 1, is_bot: true, first_name: "bot", username: "relay_bot" } as UserFromGetMe;

/** A bot behind the queue whose handler waits for `gate` on data "wait"; API calls are recorded. */
function queuedBot(options: { maxQueued: number; holdMs: number }) {
  const bot = new Bot<RelayContext>("1:test", { botInfo: me });
  const calls: Array<{ method: string; text?: string; results?: unknown[] }> = [];
  bot.api.config.use(async (_prev, method, payload) => {
    const p = payload as { text?: string; results?: unknown[] };
    calls.push({ method, text: p.text, results: p.results });
    return { ok: true, result: true as never };
  });
  const logs: string[] = [];
  const i18n = (ctx: RelayContext, next: () => Promise<void>) => {
    ctx.t = ((key: string) => key) as RelayContext["t"];
    return next();
  };
  bot.use(chatQueue(i18n, createLogger("warn", { write: (l: string) => void logs.push(l) }), options));
  const started: string[] = [];
  let open = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  bot.on("callback_query:data", async (ctx) => {
    started.push(ctx.callbackQuery.data);
    if (ctx.callbackQuery.data.startsWith("wait")) await gate;
    await ctx.answerCallbackQuery("done");
  });
  let id = 0;
  const press = (userId: number, data: string): Update => ({
    update_id: ++id,
    callback_query: {
      id: `q${id}`,
      from: { id: userId, is_bot: false, first_name: "u" },
      chat_instance: "1",
      data,
      message: { message_id: 1, date: 0, chat: { id: userId, type: "private", first_name: "u" } },
    } as never,
  });
  return { bot, calls, logs, started, open, press };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("chatQueue", () => {
  it("turns away a chat's updates beyond its cap with a slow-down, and serves other chats meanwhile", async () => {
    const q = queuedBot({ maxQueued: 2, holdMs: 60_000 });
    const held = [q.bot.handleUpdate(q.press(7, "wait1")), q.bot.handleUpdate(q.press(7, "wait2"))];
    for (let i = 0; i < 3; i++) await q.bot.handleUpdate(q.press(7, "extra"));
    await q.bot.handleUpdate(q.press(8, "other"));
    expect(q.calls.map((c) => c.text)).toEqual([
      "guards.slow-down-press",
      "guards.slow-down-press",
      "guards.slow-down-press",
      "done",
    ]);
    expect(q.started).toEqual(["wait1", "other"]);
    q.open();
    await Promise.all(held);
    expect(q.started).toEqual(["wait1", "other", "wait2"]);
  });

  it("lets the next update of a chat start once one has held the chat for holdMs", async () => {
    vi.useFakeTimers();
    const q = queuedBot({ maxQueued: 8, holdMs: 5_000 });
    const first = q.bot.handleUpdate(q.press(9, "wait"));
    const second = q.bot.handleUpdate(q.press(9, "next"));
    await vi.advanceTimersByTimeAsync(4_900);
    expect(q.started).toEqual(["wait"]);
    await vi.advanceTimersByTimeAsync(200);
    await second;
    expect(q.started).toEqual(["wait", "next"]);
    expect(q.logs.join("")).toContain("queue moved on");
    q.open();
    await first;
    expect(q.calls.map((c) => c.text)).toEqual(["done", "done"]);
  });
});
