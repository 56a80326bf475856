import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import type { UpdateContent } from "../core/delivery/content.js";
import { createIdentity } from "./identity.js";
import { type Db, openDatabase } from "./open.js";
import { outbox } from "./outbox.js";
import { forgetChat, subscribers } from "./subscribers.js";
import { updates } from "./updates.js";

/** The first of some rows; a test that finds none fails here. */
function first<T>(rows: T[]): T {
  const row = rows[0];
  if (row === undefined) throw new Error("no row");
  return row;
}

const content: UpdateContent = { original: "fr", bodies: { fr: { text: "Libéré", entities: [] } } };

describe("outbox", () => {
  let db: Db;
  let clock = 1_700_000_000_000;
  const ids = createIdentity(randomBytes(32));
  const now = () => clock;
  let subs: ReturnType<typeof subscribers>;
  let ups: ReturnType<typeof updates>;
  let box: ReturnType<typeof outbox>;

  beforeEach(() => {
    db = openDatabase(":memory:");
    subs = subscribers(db, ids, now);
    ups = updates(db, ids, now);
    box = outbox(db, ids, now);
    for (let i = 1; i <= 5; i++) subs.subscribe(1_000_000_000 + i, { isGroup: false, lang: "fr" });
    subs.subscribe(-1_001_234_567_890, { isGroup: true, lang: "en" });
    subs.change(1_000_000_005, { cadence: "daily" });
  });

  it("enqueues one row per instant subscriber, once, however often the draft is confirmed", () => {
    const first = ups.publish({ draftKey: "d1", content, sensitive: false });
    const again = ups.publish({ draftKey: "d1", content, sensitive: false });
    expect(first).toEqual({ id: 1, created: true, recipients: 5 });
    expect(again).toEqual({ id: 1, created: false, recipients: 5 });
    expect(box.ready(clock, 100)).toHaveLength(5);
  });

  it("marks a row sent only after the answer and schedules a sensitive update's deletion", () => {
    const { id } = ups.publish({ draftKey: "s", content, sensitive: true, deleteAfterSeconds: 3600 });
    const row = first(box.ready(clock, 1));
    expect(box.claim(row.id)).toBe(true);
    expect(box.claim(row.id)).toBe(false);
    box.sent(row, 42);
    expect(ups.get(id)?.sent).toBe(1);
    const deletion = db
      .prepare("SELECT kind, message_id, not_before FROM delivery WHERE kind = 'delete'")
      .get();
    expect(deletion).toEqual({ kind: "delete", message_id: 42, not_before: clock + 3_600_000 });
  });

  it("retires a chat on its first permanent error and cancels the rest", () => {
    ups.publish({ draftKey: "a", content, sensitive: false });
    ups.publish({ draftKey: "b", content, sensitive: false });
    const row = first(box.ready(clock, 1));
    box.claim(row.id);
    box.retire(row);
    expect(box.counters.get("subscribers_lost")).toBe(1);
    const left = box.ready(clock, 100).filter((r) => r.chatKey.equals(row.chatKey));
    expect(left).toEqual([]);
  });

  it("resends a row found in flight at start-up once, then gives up on a second unknown", () => {
    ups.publish({ draftKey: "a", content, sensitive: false });
    const row = first(box.ready(clock, 1));
    box.claim(row.id);
    expect(box.recover()).toEqual({ resent: 1, dropped: 0 });
    const again = box.ready(clock, 100).find((r) => r.id === row.id);
    expect(again?.resent).toBe(true);
    box.claim(row.id);
    expect(box.recover()).toEqual({ resent: 0, dropped: 1 });
    expect(box.counters.all()).toMatchObject({ ambiguous_resent: 1, ambiguous_dropped: 1 });
  });

  it("follows a group to its supergroup id", () => {
    ups.publish({ draftKey: "a", content, sensitive: false });
    const group = first(box.ready(clock, 100).filter((r) => r.isGroup));
    box.claim(group.id);
    box.migrate(group, -1_009_999_999_999);
    const moved = first(box.ready(clock, 100).filter((r) => r.id === group.id));
    expect(ids.unseal(moved.chatSealed)).toBe(-1_009_999_999_999);
    expect(subs.get(-1_009_999_999_999)?.isGroup).toBe(true);
    expect(subs.get(-1_001_234_567_890)).toBeUndefined();
  });

  it("retracts: pending rows stop, sent ones within 48 h get a deletion, older ones are counted", () => {
    const { id } = ups.publish({ draftKey: "a", content, sensitive: false });
    const rows = box.ready(clock, 100);
    for (const r of rows.slice(0, 2)) {
      box.claim(r.id);
      box.sent(r, 7);
    }
    expect(ups.retract(id)).toEqual({
      cancelled: 3,
      deletions: 2,
      tooOld: 0,
      digests: 0,
      digestsTooOld: 0,
      digestsPending: 0,
    });
    expect(box.ready(clock, 100).map((r) => r.kind)).toEqual(["delete", "delete"]);
  });

  it("edits within 48 h and not after", () => {
    const { id } = ups.publish({ draftKey: "a", content, sensitive: false });
    const row = first(box.ready(clock, 1));
    box.claim(row.id);
    box.sent(row, 9);
    expect(ups.edit(id, content)).toEqual({ edits: 1, tooOld: 0, digests: 0, digestsTooOld: 0 });
    clock += 49 * 3_600_000;
    expect(ups.withinEditWindow(id)).toBe(false);
    expect(ups.edit(id, content)).toEqual({ edits: 0, tooOld: 1, digests: 0, digestsTooOld: 0 });
  });

  it("prunes delivered rows after 48 h, keeping the counts on the update", () => {
    const { id } = ups.publish({ draftKey: "a", content, sensitive: false });
    for (const r of box.ready(clock, 100)) {
      box.claim(r.id);
      box.sent(r, 1);
    }
    clock += 48 * 3_600_000;
    expect(box.prune(clock)).toBe(5);
    expect(ups.get(id)?.sent).toBe(5);
  });

  it("forgets a chat: subscription, deliveries and the ids of recent messages to delete", () => {
    ups.publish({ draftKey: "a", content, sensitive: false });
    const chat = 1_000_000_001;
    const mine = first(box.ready(clock, 100).filter((r) => ids.unseal(r.chatSealed) === chat));
    box.claim(mine.id);
    box.sent(mine, 77);
    ups.publish({ draftKey: "b", content, sensitive: false });
    const forgotten = forgetChat(db, ids, chat, clock);
    expect(forgotten).toEqual({ subscription: true, deliveries: 2, conversation: false, messageIds: [77] });
    expect(subs.get(chat)).toBeUndefined();
  });
});
