/** One send budget per token: replies during a broadcast at the cap go first, and nothing draws a 429. */
import { afterEach, describe, expect, it } from "vitest";
import { subscribers } from "../../src/db/subscribers.js";
import { updates } from "../../src/db/updates.js";
import type { TestUser } from "../../src/sandbox/test-user.js";
import { type Harness, startHarness, TELEGRAM_RATES } from "./delivery-harness.js";

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the shared send budget", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("answers readers during a broadcast at 30/s without either going past Telegram's limits", async () => {
    h = await startHarness({ rateLimit: TELEGRAM_RATES });
    const subs = subscribers(h.app.db, h.ids, h.now);
    const audience = Array.from({ length: 240 }, () => {
      const u = h?.emulator.user({ language_code: "en" }) as TestUser;
      subs.subscribe(u.id, { isGroup: false, lang: "en" });
      return u;
    });
    const askers = (["fr", "en", "ru"] as const).flatMap((lang) =>
      Array.from({ length: 8 }, () => h?.emulator.user({ language_code: lang }) as TestUser),
    );
    updates(h.app.db, h.ids, h.now).publish({
      draftKey: "budget-1",
      content: { original: "en", bodies: { en: { text: "At the cap", entities: [] } } },
      sensitive: false,
    });
    h.app.delivery.kick();
    await pause(1500); // the broadcast is at full pace
    const asked = askers.map((u) => ({ u, at: Date.now(), m: u.send("/help") }));
    await pause(2000);
    const answered = asked.map(({ u, m }) => u.replies({ after: m.message_id }).length);
    await h.settle(30_000);

    expect(audience.every((u) => u.replies().filter((m) => m.text === "At the cap").length === 1)).toBe(true);
    expect(answered.every((n) => n >= 1)).toBe(true); // within 2 s, in the middle of the broadcast
    expect(h.emulator.stats().rateLimited).toBe(0);
  }, 60_000);
});
