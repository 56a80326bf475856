import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ask, buttons, type RelayUnderTest, say, startRelay } from "../support/relay.js";

const DAY = 86_400_000;
const RATES = { global: 30, perChat: 1, perGroupPerMinute: 20 };
// The app's clock runs with real time, moved on by hand: the send budget paces replies on it.
let offset = 0;
let relay: RelayUnderTest;

beforeAll(async () => {
  relay = await startRelay({
    now: () => Date.now() + offset,
    env: { PREFERENCE_DAYS: "2" },
    emulator: { rateLimit: RATES },
  });
});
afterAll(async () => relay.close());

const rows = (table: "preference" | "subscriber") =>
  relay.app.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

describe.each([
  { code: "fr", to: "EN", heading: /^2\. The Prison of Nations/i, toast: "for good", hello: "Bonjour" },
  { code: "en", to: "RU", heading: /^2\. Тюрьма народов/i, toast: "насовсем", hello: "Hello" },
  {
    code: "ru",
    to: "FR",
    heading: /^2\. La prison des nations/i,
    toast: "pour de bon",
    hello: "Здравствуйте",
  },
])("the FR · EN · RU switch for a $code reader", ({ code, to, heading, toast, hello }) => {
  it("changes the page only, stores nothing, and says once that /lang is for good", async () => {
    const user = relay.emulator.user({ language_code: code });
    const before = rows("preference");
    const page = await ask(relay, user, "/section 2");
    // A 429 on the toast: auto-retry answers it after retry_after.
    relay.emulator.faults.failNext("answerCallbackQuery", {
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      parameters: { retry_after: 1 },
    });
    const press = await user.press(page, to, { timeoutMs: 8000 });
    await relay.emulator.waitForIdle();
    expect(press.answer?.text).toContain(toast);
    expect(press.answer?.text).toContain("/lang");
    const switched = user.replies().find((m) => m.message_id === page.message_id);
    expect(switched?.text).toMatch(heading);
    expect(rows("preference")).toBe(before);
    expect((await say(relay, user, "/start"))[0]?.text).toContain(hello);
    // Pressing the interface's own language again needs no toast.
    const back =
      buttons(switched)
        .at(-2)
        ?.find((b) => b.toUpperCase() === code.toUpperCase()) ?? "";
    const again = await user.press(switched as never, back);
    expect(again.answer?.text ?? "").toBe("");
  });
});

describe("a language choice", () => {
  it("is stored by /lang, and deleted with the subscription when the person blocks the bot", async () => {
    const user = relay.emulator.user({ language_code: "en" });
    const [prefs, subs] = [rows("preference"), rows("subscriber")];
    expect((await ask(relay, user, "/lang ru")).text).toBeTruthy();
    await ask(relay, user, "/subscribe");
    expect([rows("preference"), rows("subscriber")]).toEqual([prefs + 1, subs + 1]);
    user.block();
    await relay.emulator.waitForIdle();
    expect([rows("preference"), rows("subscriber")]).toEqual([prefs, subs]);
  });

  it("expires after PREFERENCE_DAYS without use, and lives on while used", async () => {
    const idle = relay.emulator.user({ language_code: "en" });
    const active = relay.emulator.user({ language_code: "en" });
    await ask(relay, idle, "/lang fr");
    await ask(relay, active, "/lang ru");
    const base = rows("preference");
    offset += 2 * DAY;
    expect((await ask(relay, active, "/help")).text).toMatch(/[а-я]/);
    offset += 1 * DAY; // idle: 3 days unused; active: 1
    relay.app.delivery.retention.run();
    expect(rows("preference")).toBe(base - 1);
    expect((await say(relay, idle, "/start"))[0]?.text).toContain("Hello");
    expect((await say(relay, active, "/start"))[0]?.text).toContain("Здравствуйте");
  });
});
