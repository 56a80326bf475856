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

  it("claims a batch in one step: only rows still pending, after putting off those whose chat must wait", () => {
    ups.publish({ draftKey: "a", content, sensitive: false });
    const [a, b, c, d] = box.ready(clock, 100);
    if (!a || !b || !c || !d) throw new Error("four rows expected");
    db.prepare("UPDATE delivery SET state = 'cancelled' WHERE id = ?").run(b.id); // a retract got there first
    expect(box.claimAll([a.id, b.id, c.id], [{ id: d.id, at: clock + 900 }])).toEqual([a.id, c.id]);
    const state = db.prepare("SELECT state, attempts, not_before FROM delivery WHERE id = ?");
    expect(state.get(a.id)).toEqual({ state: "sending", attempts: 1, not_before: 0 });
    expect(state.get(b.id)).toMatchObject({ state: "cancelled", attempts: 0 });
    expect(state.get(d.id)).toEqual({ state: "pending", attempts: 0, not_before: clock + 900 });
  });

  it("records a batch of answers as one by one: each update's count, a sensitive update's deletions, forgotten rows", () => {
    const plain = ups.publish({ draftKey: "a", content, sensitive: false });
    const sensitive = ups.publish({ draftKey: "s", content, sensitive: true, deleteAfterSeconds: 60 });
    const rows = box.ready(clock, 100);
    expect(box.claimAll(rows.map((r) => r.id))).toHaveLength(10);
    const gone = first(rows.filter((r) => r.updateId === plain.id));
    db.prepare("DELETE FROM delivery WHERE id = ?").run(gone.id); // /forget raced the send
    const results = box.sentAll(rows.map((row, i) => ({ row, messageId: 500 + i, contentVersion: 1 })));
    expect(results.filter((r) => r === "forgotten")).toHaveLength(1);
    expect(results[rows.indexOf(gone)]).toBe("forgotten");
    expect(ups.get(plain.id)?.sent).toBe(4);
    expect(ups.get(sensitive.id)?.sent).toBe(5);
    const deletions = db
      .prepare("SELECT update_id, not_before FROM delivery WHERE kind = 'delete'")
      .all() as Array<{ update_id: number; not_before: number }>;
    expect(deletions).toHaveLength(5);
    expect(deletions.every((d) => d.update_id === sensitive.id && d.not_before === clock + 60_000)).toBe(
      true,
    );
    expect(db.prepare("SELECT COUNT(*) FROM delivery WHERE state = 'sent'").pluck().get()).toBe(9);
  });
});
