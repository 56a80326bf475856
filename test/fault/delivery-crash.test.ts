import { afterEach, describe, expect, it } from "vitest";
import { subscribers } from "../../src/db/subscribers.js";
import { updates } from "../../src/db/updates.js";
import { BotApiEmulator } from "../../src/sandbox/emulator.js";
import type { TestUser } from "../../src/sandbox/test-user.js";
import { kill, type ProcessHarness, processHarness, until } from "./relay-process.js";

describe("the delivery engine across crashes", () => {
  let emulator: BotApiEmulator;
  let ph: ProcessHarness;
  afterEach(async () => {
    ph.cleanup();
    await emulator.close();
  });

  it("delivers to every subscriber after a SIGKILL in the middle of a broadcast, repeating only in-flight sends", async () => {
    emulator = await BotApiEmulator.start({ rateLimit: { global: 30, perChat: 1, perGroupPerMinute: 20 } });
    ph = processHarness(emulator);
    const users: TestUser[] = Array.from({ length: 150 }, () => emulator.user({ language_code: "en" }));
    const db = ph.open();
    const subs = subscribers(db, ph.ids, Date.now);
    for (const u of users) subs.subscribe(u.id, { isGroup: false, lang: "en" });
    updates(db, ph.ids, Date.now).publish({
      draftKey: "crash",
      content: { original: "en", bodies: { en: { text: "Crash test", entities: [] } } },
      sensitive: false,
    });
    db.close();
    const got = (u: TestUser) => u.replies().filter((m) => m.text === "Crash test").length;
    const delivered = () => users.filter((u) => got(u) > 0).length;

    const first = await ph.start();
    await until(() => delivered() >= 50, 20_000, "a third of the broadcast");
    expect(await kill(first, "SIGKILL")).toBe(null);
    const before = delivered();
    expect(before).toBeLessThan(150);

    // The lock died with the process: the restart starts at once and finishes the broadcast.
    const second = await ph.start();
    await until(() => delivered() === 150, 20_000, "every subscriber");
    await new Promise((r) => setTimeout(r, 300));
    expect(await kill(second, "SIGTERM")).toBe(0);

    const copies = users.map(got);
    const duplicates = copies.filter((n) => n > 1).length;
    expect(copies.every((n) => n >= 1 && n <= 2)).toBe(true);
    const check = ph.open();
    const resent =
      (check.prepare("SELECT value FROM counter WHERE name = 'ambiguous_resent'").pluck().get() as number) ??
      0;
    const row = check.prepare("SELECT sent, failed, resent FROM news_update").get() as Record<string, number>;
    check.close();
    // At most one duplicate per request that was in flight when the process died, and each one counted.
    expect(duplicates).toBeLessThanOrEqual(resent);
    expect(resent).toBeLessThanOrEqual(6);
    expect(row).toMatchObject({ sent: 150, failed: 0 });
    expect(emulator.stats().rateLimited).toBe(0);
  }, 60_000);

  it("refuses a second process on the same database with a clear message, and restarts at once after kill -9", async () => {
    emulator = await BotApiEmulator.start();
    ph = processHarness(emulator);
    const first = await ph.start();
    const second = await ph.run();
    expect(second.code).toBe(1);
    expect(second.output).toMatch(/^relay: another Relay process is already using .*relay\.db/m);

    await kill(first, "SIGKILL");
    const third = await ph.start();
    const user = emulator.user({ language_code: "en" });
    user.send("/subscribe");
    expect((await user.nextReply(10_000)).text).toMatch(/^You’re subscribed/);
    expect(await kill(third, "SIGTERM")).toBe(0);
  }, 60_000);
});
