import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ask, type RelayUnderTest, startRelay } from "../support/relay.js";

const RATES = { global: 30, perChat: 1, perGroupPerMinute: 20 };
let relay: RelayUnderTest;

beforeAll(async () => {
  relay = await startRelay({ emulator: { rateLimit: RATES } });
});
afterAll(async () => relay.close());

describe.each([
  { code: "fr", next: "Suivante ▶", slow: "Doucement" },
  { code: "en", next: "Next ▶", slow: "Slow down" },
  { code: "ru", next: "Вперёд ▶", slow: "Помедленнее" },
])("a $code reader pressing ▶ as fast as they can", ({ code, next, slow }) => {
  it("gets every press answered, the excess with a short slow-down, while others still read", async () => {
    const flooder = relay.emulator.user({ language_code: code });
    const reader = relay.emulator.user({ language_code: code });
    const page = await ask(relay, flooder, "/section 6");
    const presses = Array.from({ length: 60 }, () => flooder.press(page, next, { timeoutMs: 10_000 }));
    const other = await ask(relay, reader, "/section 2");
    const answers = await Promise.all(presses);
    expect(answers.every((a) => a.answer !== undefined)).toBe(true);
    const slowed = answers.filter((a) => a.answer?.text?.startsWith(slow));
    expect(slowed.length).toBeGreaterThanOrEqual(40); // 20 presses a window, 8 waiting a chat
    expect(other.text).toMatch(/^2\./);
    await relay.emulator.waitForIdle();
  });
});

describe("a sender flooding inline queries", () => {
  it("gets an empty answer beyond the limit, and every query answered", async () => {
    const user = relay.emulator.user({ language_code: "en" });
    const answers = await Promise.all(
      Array.from({ length: 80 }, (_, i) => user.inline(`almaty ${i}`, { timeoutMs: 10_000 })),
    );
    const empty = answers.filter((a) => a.results.length === 0);
    expect(empty.length).toBeGreaterThanOrEqual(40);
    expect(empty.every((a) => a.is_personal === true && a.cache_time === 0)).toBe(true);
    expect(answers.some((a) => a.results.length > 0)).toBe(true);
  });
});

describe("a reply that holds its chat", () => {
  it("holds the chat's queue at most a few seconds: the next message is answered first", async () => {
    const user = relay.emulator.user({ language_code: "en" });
    await ask(relay, user, "/note 1"); // one reply, so nothing of it is still on its way
    // Telegram never answers the next send: its update would hold the chat's queue for good.
    relay.emulator.faults.hang("sendMessage");
    const started = Date.now();
    user.send("/help");
    user.send("/note 2");
    const first = await user.nextReply(7_500);
    expect(first.text?.split("\n")[0]).toBe("Footnote 2");
    expect(Date.now() - started).toBeLessThan(7_500);
  }, 40_000);

  it("honours a chat's own 429 for that chat only: another reader is answered meanwhile", async () => {
    const held = relay.emulator.user({ language_code: "fr" });
    const other = relay.emulator.user({ language_code: "ru" });
    await ask(relay, held, "/note 1");
    relay.emulator.faults.failNext("sendMessage", {
      error_code: 429,
      description: "Too Many Requests: retry after 8",
      parameters: { retry_after: 8 },
    });
    const started = Date.now();
    held.send("/note 2");
    const late = held.nextReply(15_000);
    await new Promise((r) => setTimeout(r, 300)); // the 429 has been answered
    const meanwhile = await ask(relay, other, "/note 3");
    expect(meanwhile.text?.split("\n")[0]).toBe("Сноска 3");
    expect(Date.now() - started).toBeLessThan(5_000);
    // The held chat gets its reply once Telegram's 8 seconds are over, not before.
    expect((await late).text?.split("\n")[0]).toBe("Note 2");
    expect(Date.now() - started).toBeGreaterThanOrEqual(8_000);
  }, 40_000);
});
