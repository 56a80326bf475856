import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/open.js";
import { subscribers } from "../../src/db/subscribers.js";
import { updates } from "../../src/db/updates.js";
import { BotApiEmulator } from "../../src/sandbox/emulator.js";
import { kill, type ProcessHarness, processHarness, until } from "./relay-process.js";

const HOUR = 3_600_000;

describe("digests across restarts, on a clock moved through RELAY_CLOCK_OFFSET_MS", () => {
  let emulator: BotApiEmulator;
  let ph: ProcessHarness;
  afterEach(async () => {
    ph.cleanup();
    await emulator.close();
  });

  it("sends a daily and a weekly digest once each when due, even if due while down, and nothing when nothing is new", async () => {
    emulator = await BotApiEmulator.start();
    ph = processHarness(emulator);
    const daily = emulator.user({ language_code: "en" });
    const weekly = emulator.user({ language_code: "ru" });
    const now = new Date();
    let db: Db = ph.open();
    const subs = subscribers(db, ph.ids, Date.now);
    subs.subscribe(daily.id, { isGroup: false, lang: "en" });
    subs.change(daily.id, { cadence: "daily", hour: (now.getUTCHours() + 2) % 24 });
    subs.subscribe(weekly.id, { isGroup: false, lang: "ru" });
    const isoToday = now.getUTCDay() === 0 ? 7 : now.getUTCDay();
    subs.change(weekly.id, { cadence: "weekly", hour: now.getUTCHours(), weekday: ((isoToday + 2) % 7) + 1 });
    const post = (key: string, text: string) =>
      updates(db, ph.ids, Date.now).publish({
        draftKey: key,
        content: { original: "en", bodies: { en: { text, entities: [] } } },
        sensitive: false,
      });
    post("one", "First news");
    post("two", "Second news");
    db.close();

    const settle = () => new Promise((r) => setTimeout(r, 800));
    const run = async (offsetMs: number) => {
      const p = await ph.start({ RELAY_CLOCK_OFFSET_MS: String(offsetMs) });
      await settle();
      await emulator.waitForIdle();
      expect(await kill(p, "SIGTERM")).toBe(0);
    };

    await run(0);
    expect(daily.replies()).toHaveLength(0);
    expect(weekly.replies()).toHaveLength(0);

    // Three hours later: the daily digest fell due while the bot was down; it goes out once, at start.
    await run(3 * HOUR);
    await until(() => daily.replies().length === 1, 5000, "the daily digest");
    expect(daily.replies()[0]?.text).toMatch(/^Relay digest: 2 new updates\n\nFirst news[\s\S]*Second news$/);
    await run(3 * HOUR);
    expect(daily.replies()).toHaveLength(1);
    expect(weekly.replies()).toHaveLength(0);

    db = ph.open();
    post("three", "Third news");
    db.close();
    // Four days later: three daily slots were missed (one digest, with only what is new) and the weekly one came.
    await run(4 * 24 * HOUR);
    expect(daily.replies().map((m) => m.text)).toEqual([
      daily.replies()[0]?.text,
      "Relay digest: 1 new update\n\nThird news",
    ]);
    const weeklyDigest = weekly.replies();
    expect(weeklyDigest).toHaveLength(1);
    expect(weeklyDigest[0]?.text).toMatch(
      /^Сводка Relay: 3 новости\n\nПока нет на русском — вот оригинал на английском\.\n\nFirst news/,
    );

    await run(4 * 24 * HOUR + HOUR);
    expect(daily.replies()).toHaveLength(2);
    expect(weekly.replies()).toHaveLength(1);
  }, 90_000);
});
