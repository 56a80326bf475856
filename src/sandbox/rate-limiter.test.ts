import { Bot, type GrammyError } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { BotApiEmulator } from "./emulator.js";
import { RateLimiter, type SendTarget } from "./rate-limiter.js";

const privateChat = (chatId: number): SendTarget => ({ chatId, kind: "private", paid: false });

describe("RateLimiter", () => {
  it("admits 30 sends in a second at global 30 and refuses the 31st until the window slides", () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(() => now, { global: 30 });
    for (let i = 0; i < 30; i++) limiter.admit(privateChat(i));
    expect(() => limiter.admit(privateChat(99))).toThrow("Too Many Requests: retry after 1");
    now += 999;
    expect(() => limiter.admit(privateChat(99))).toThrow();
    now += 1;
    expect(() => limiter.admit(privateChat(99))).not.toThrow();
    expect(limiter.rejected).toBe(2);
  });

  it("limits one private chat to perChat per second, independently of others", () => {
    let now = 0;
    const limiter = new RateLimiter(() => now, { perChat: 1 });
    limiter.admit(privateChat(1));
    limiter.admit(privateChat(2));
    expect(() => limiter.admit(privateChat(1))).toThrow("retry after 1");
    now = 1000;
    limiter.admit(privateChat(1));
  });

  it("limits a group per minute and reports when the oldest send leaves the window", () => {
    let now = 0;
    const limiter = new RateLimiter(() => now, { perGroupPerMinute: 20 });
    const group: SendTarget = { chatId: -1001, kind: "supergroup", paid: false };
    for (let i = 0; i < 20; i++) {
      limiter.admit(group);
      now += 1000;
    }
    const error = (() => {
      try {
        limiter.admit(group);
      } catch (e) {
        return e as { parameters?: { retry_after?: number } };
      }
    })();
    expect(error?.parameters?.retry_after).toBe(40); // first send at 0 leaves at 60 s; now is 20 s
  });

  it("lets replies to a user who just wrote skip the global cap when exemptReplies is on", () => {
    const now = 5000;
    const limiter = new RateLimiter(() => now, { global: 1, exemptReplies: true });
    limiter.admit(privateChat(1));
    expect(() => limiter.admit(privateChat(2))).toThrow();
    limiter.admit({ ...privateChat(3), userWroteAt: 4000 });
  });

  it("uses a retryAfter function and never answers less than 1", () => {
    const limiter = new RateLimiter(() => 0, {
      global: 1,
      retryAfter: (excess) => (excess.scope === "global" ? 0.2 : 9),
    });
    limiter.admit(privateChat(1));
    expect(() => limiter.admit(privateChat(2))).toThrow("retry after 1");
  });
});

describe("the limiter over HTTP", () => {
  let emulator: BotApiEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
  });

  it("answers exactly one 429 with retry_after >= 1 to 31 sends in one second at global 30", async () => {
    const frozen = Date.now();
    emulator = await BotApiEmulator.start({ clock: () => frozen, rateLimit: { global: 30 } });
    const em = emulator;
    const bot = new Bot(em.token, { client: { apiRoot: em.apiRoot } });
    const users = Array.from({ length: 31 }, () => em.user());
    const results = await Promise.allSettled(users.map((u) => bot.api.sendMessage(u.id, "news")));
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as GrammyError] : []));
    expect(refused).toHaveLength(1);
    expect(refused[0]?.error_code).toBe(429);
    expect(refused[0]?.parameters.retry_after).toBeGreaterThanOrEqual(1);
    expect(refused[0]?.description).toMatch(/^Too Many Requests: retry after \d+$/);
    expect(em.stats().rateLimited).toBe(1);
    expect(em.callsTo("sendMessage").filter((c) => c.error?.error_code === 429)).toHaveLength(1);
  });

  it("does not limit answerCallbackQuery or getUpdates, and can be switched at run time", async () => {
    emulator = await BotApiEmulator.start();
    const bot = new Bot(emulator.token, { client: { apiRoot: emulator.apiRoot } });
    const user = emulator.user();
    await bot.api.sendMessage(user.id, "a");
    await bot.api.sendMessage(user.id, "b");
    emulator.setRateLimit({ perChat: 1 });
    await bot.api.sendMessage(user.id, "c");
    const second = await bot.api.sendMessage(user.id, "d").catch((e: unknown) => e as GrammyError);
    expect((second as GrammyError).error_code).toBe(429);
    for (let i = 0; i < 5; i++) await bot.api.getUpdates({ timeout: 0 });
    emulator.setRateLimit(undefined);
    await bot.api.sendMessage(user.id, "e");
  });
});
