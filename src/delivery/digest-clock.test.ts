import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTranslator } from "../bot/i18n.js";
import type { UpdateContent } from "../core/delivery/content.js";
import { digests } from "../db/digests.js";
import { createIdentity } from "../db/identity.js";
import { openDatabase } from "../db/open.js";
import { subscribers } from "../db/subscribers.js";
import { updates } from "../db/updates.js";
import { createLogger } from "../logger.js";
import { createDigestClock } from "./digest-clock.js";

const ROOT = join(import.meta.dirname, "..", "..");
const DAY = 86_400_000;
const content: UpdateContent = { original: "en", bodies: { en: { text: "Freed", entities: [] } } };

function setUp() {
  let clock = Date.UTC(2026, 2, 2, 10);
  const now = () => clock;
  const db = openDatabase(":memory:");
  const ids = createIdentity(randomBytes(32));
  const subs = subscribers(db, ids, now);
  for (let chat = 1; chat <= 7; chat++) {
    subs.subscribe(chat, { isGroup: false, lang: chat % 2 ? "en" : "ru" });
    subs.change(chat, { cadence: "daily", hour: 9 });
  }
  const ups = updates(db, ids, now);
  ups.publish({ draftKey: "a", content, sensitive: false });
  clock += DAY;
  const store = digests(db, now);
  const limits: number[] = [];
  const counts = { enqueued: 0 };
  const clockOf = createDigestClock({
    digests: {
      ...store,
      due(at, limit) {
        limits.push(limit ?? Number.NaN);
        return store.due(at, limit);
      },
    },
    updates: ups,
    texts: createTranslator(join(ROOT, "locales")),
    logger: createLogger("error"),
    now,
    enqueued: () => void counts.enqueued++,
    batch: 3,
  });
  const queued = () => db.prepare("SELECT COUNT(*) FROM delivery WHERE kind = 'digest'").pluck().get();
  return { clockOf, limits, counts, queued };
}

describe("the digest clock", () => {
  it("queues the digests due in batches, the first at once and the others a turn of the event loop each, never asking for more than a batch", async () => {
    const { clockOf, limits, counts, queued } = setUp();
    const done = clockOf.tick();
    expect(queued()).toBe(3); // the first batch, before anything else runs
    expect(await done).toBe(7);
    expect(queued()).toBe(7);
    expect(limits).toEqual([3, 3, 3]);
    expect(counts.enqueued).toBe(3);
    // Nothing is due any more: the next tick changes nothing.
    expect(await clockOf.tick()).toBe(0);
    expect(queued()).toBe(7);
  });

  it("stops between batches and waits for the one in progress: nothing runs after stop() returns", async () => {
    const { clockOf, limits, queued } = setUp();
    void clockOf.tick();
    await clockOf.stop();
    expect(queued()).toBe(3);
    await new Promise((r) => setTimeout(r, 20));
    expect(limits).toEqual([3]);
    // What was left is still due: a later tick queues it.
    expect(await clockOf.tick()).toBe(4);
    expect(queued()).toBe(7);
  });
});
