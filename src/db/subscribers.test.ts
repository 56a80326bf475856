import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import type { UpdateContent } from "../core/delivery/content.js";
import { digests } from "./digests.js";
import { createIdentity } from "./identity.js";
import { type Db, openDatabase } from "./open.js";
import { outbox } from "./outbox.js";
import { forgetChat, subscribers } from "./subscribers.js";
import { updates } from "./updates.js";

const content: UpdateContent = { original: "fr", bodies: { fr: { text: "Libérée", entities: [] } } };
const HOUR = 3_600_000;
const READER = 1_000_000_001;

describe("subscribers", () => {
  const ids = createIdentity(randomBytes(32));
  let clock = Date.UTC(2026, 2, 2, 10); // a Monday, 10:00 UTC
  const now = () => clock;
  let db: Db;
  let subs: ReturnType<typeof subscribers>;
  let ups: ReturnType<typeof updates>;
  const publish = (key: string) => ups.publish({ draftKey: key, content, sensitive: false }).id;

  beforeEach(() => {
    clock = Date.UTC(2026, 2, 2, 10);
    db = openDatabase(":memory:");
    subs = subscribers(db, ids, now);
    ups = updates(db, ids, now);
  });

  it("subscribes at instant cadence, once, and leaves an existing subscription's settings alone", () => {
    expect(subs.subscribe(READER, { isGroup: false, lang: "ru" })).toBe("created");
    subs.change(READER, { cadence: "daily", hour: 8 });
    expect(subs.subscribe(READER, { isGroup: false, lang: "en" })).toBe("existing");
    expect(subs.get(READER)).toMatchObject({
      lang: "ru",
      cadence: "daily",
      hour: 8,
      createdDay: "2026-03-02",
    });
    // Stored under a keyed hash and a sealed id, never the id itself.
    const row = db.prepare("SELECT chat_key, chat_sealed FROM subscriber").get() as Record<string, Buffer>;
    expect(row.chat_key?.equals(ids.lookupKey(READER))).toBe(true);
    expect(ids.unseal(row.chat_sealed as Buffer)).toBe(READER);
  });

  it("schedules the next digest slot and refuses an offset that is not a quarter hour, changing nothing", () => {
    subs.subscribe(READER, { isGroup: false, lang: "fr" });
    const daily = subs.change(READER, { cadence: "daily", hour: 9, offsetMinutes: 180 });
    expect(daily?.nextDigestAt).toBe(Date.UTC(2026, 2, 3, 6)); // 09:00 at UTC+3, tomorrow
    expect(() => subs.change(READER, { offsetMinutes: 10 })).toThrow(RangeError);
    expect(subs.get(READER)?.offsetMinutes).toBe(180);
    expect(subs.change(READER, { cadence: "instant" })?.nextDigestAt).toBeUndefined();
    expect(subs.change(2, { cadence: "daily" })).toBeUndefined();
  });

  it("carries updates not yet digested from daily to weekly into the next digest", () => {
    subs.subscribe(READER, { isGroup: false, lang: "fr" });
    subs.change(READER, { cadence: "daily" });
    const waiting = [publish("a"), publish("b")];
    subs.change(READER, { cadence: "weekly", weekday: 5 });
    clock += 7 * 24 * HOUR;
    const [due] = digests(db, now).due(clock);
    expect(due).toBeDefined();
    expect(digests(db, now).freshFor(due as NonNullable<typeof due>)).toEqual(waiting);
  });

  it("starts a digest from now when leaving instant delivery: earlier updates went out on their own", () => {
    subs.subscribe(READER, { isGroup: false, lang: "fr" });
    publish("before");
    subs.change(READER, { cadence: "daily" });
    const after = publish("after");
    clock += 2 * 24 * HOUR;
    const [due] = digests(db, now).due(clock);
    expect(digests(db, now).freshFor(due as NonNullable<typeof due>)).toEqual([after]);
  });

  it("cancels pending deliveries on unsubscribe, and counts a retired chat as lost", () => {
    subs.subscribe(READER, { isGroup: false, lang: "fr" });
    subs.subscribe(READER + 1, { isGroup: false, lang: "fr" });
    publish("a");
    expect(subs.unsubscribe(READER)).toBe(true);
    expect(subs.unsubscribe(READER)).toBe(false);
    expect(subs.retire(READER + 1)).toBe(true);
    const states = db.prepare("SELECT state FROM delivery").pluck().all();
    expect(states).toEqual(["cancelled", "cancelled"]);
    expect(outbox(db, ids, now).counters.get("subscribers_lost")).toBe(1);
    expect(subs.breakdown()).toEqual([]);
  });

  it("forgets a chat in one go and returns the messages sent there in the last 48 hours", () => {
    subs.subscribe(READER, { isGroup: false, lang: "fr" });
    const box = outbox(db, ids, now);
    publish("old");
    const old = box.ready(clock, 10)[0];
    if (!old) throw new Error("no row");
    box.claim(old.id);
    box.sent(old, 11);
    clock += 49 * HOUR;
    publish("recent");
    const recent = box.ready(clock, 10)[0];
    if (!recent) throw new Error("no row");
    box.claim(recent.id);
    box.sent(recent, 12);
    const forgotten = forgetChat(db, ids, READER, clock);
    expect(forgotten).toEqual({ subscription: true, deliveries: 2, conversation: false, messageIds: [12] });
    expect(db.prepare("SELECT COUNT(*) FROM delivery").pluck().get()).toBe(0);
  });
});
