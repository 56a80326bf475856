import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import type { UpdateContent } from "../core/delivery/content.js";
import { digests } from "./digests.js";
import { createIdentity } from "./identity.js";
import { type Db, openDatabase } from "./open.js";
import { subscribers } from "./subscribers.js";
import { updates } from "./updates.js";

const content: UpdateContent = { original: "en", bodies: { en: { text: "Freed", entities: [] } } };

describe("chunked fan-out", () => {
  const ids = createIdentity(randomBytes(32));
  const now = () => 1_700_000_000_000;
  let db: Db;
  let subs: ReturnType<typeof subscribers>;
  let ups: ReturnType<typeof updates>;

  const rowsOf = (id: number) =>
    db
      .prepare<[number], number>("SELECT COUNT(*) FROM delivery WHERE update_id = ? AND kind = 'update'")
      .pluck()
      .get(id);
  const recipientsOf = (id: number) => ups.get(id)?.recipients;
  const runToEnd = (id: number) => {
    let chunks = 0;
    while (!ups.fanOutStep(id).done) chunks++;
    return chunks + 1;
  };

  beforeEach(() => {
    db = openDatabase(":memory:");
    subs = subscribers(db, ids, now);
    ups = updates(db, ids, now, { fanOutChunk: 10 });
    for (let chat = 1; chat <= 95; chat++) subs.subscribe(chat, { isGroup: false, lang: "en" });
  });

  it("queues the first chunk with the update and the rest one chunk per step, each subscriber once", () => {
    const { id, recipients } = ups.publish({ draftKey: "a", content, sensitive: false });
    expect(recipients).toBe(10);
    expect(rowsOf(id)).toBe(10);
    expect(ups.fanningUpdates()).toEqual([id]);
    expect(runToEnd(id)).toBe(9);
    expect(rowsOf(id)).toBe(95);
    expect(recipientsOf(id)).toBe(95);
    expect(ups.fanningUpdates()).toEqual([]);
    // Another step after the end changes nothing.
    expect(ups.fanOutStep(id)).toEqual({ added: 0, done: true });
    expect(rowsOf(id)).toBe(95);
  });

  it("resumes after the last committed chunk when the process restarts, queuing each subscriber once", () => {
    const { id } = ups.publish({ draftKey: "a", content, sensitive: false });
    ups.fanOutStep(id);
    ups.fanOutStep(id);
    // A new process on the same database: only the database carries the walk's place.
    const again = updates(db, ids, now, { fanOutChunk: 7 });
    expect(again.fanningUpdates()).toEqual([id]);
    while (!again.fanOutStep(id).done);
    expect(rowsOf(id)).toBe(95);
    expect(recipientsOf(id)).toBe(95);
  });

  it("a chunk rolled back by a crash is queued again on resume, and rows already there are not doubled", () => {
    const { id } = ups.publish({ draftKey: "a", content, sensitive: false });
    // The cursor goes back as if the last chunk's cursor write was lost: delivery_once is the backstop.
    db.prepare("UPDATE news_update SET fanout_cursor = X'' WHERE id = ?").run(id);
    while (!ups.fanOutStep(id).done);
    expect(rowsOf(id)).toBe(95);
    expect(recipientsOf(id)).toBe(95);
  });

  it("reaches those who subscribed before the publish and are still there, not those who join during it", () => {
    const { id } = ups.publish({ draftKey: "a", content, sensitive: false });
    for (let chat = 1000; chat < 1020; chat++) subs.subscribe(chat, { isGroup: false, lang: "en" });
    for (let chat = 1; chat <= 95; chat += 2) subs.unsubscribe(chat);
    // The next update's fan-out reaches the newcomers.
    const next = ups.publish({ draftKey: "b", content, sensitive: false });
    while (!ups.fanOutStep(id).done);
    while (!ups.fanOutStep(next.id).done);
    const keysOf = (update: number) =>
      new Set(
        db
          .prepare<[number], Buffer>(
            "SELECT chat_key FROM delivery WHERE update_id = ? AND kind = 'update' AND state = 'pending'",
          )
          .pluck()
          .all(update)
          .map((k) => k.toString("hex")),
      );
    const key = (chat: number) => ids.lookupKey(chat).toString("hex");
    const first = keysOf(id);
    expect([...first].some((k) => [1000, 1010, 1019].map(key).includes(k))).toBe(false);
    expect(first.has(key(1))).toBe(false); // left before or after its turn: nothing pending
    expect(first.has(key(2))).toBe(true);
    expect(first.size).toBe(47);
    const second = keysOf(next.id);
    expect(second.size).toBe(47 + 20);
  });

  it("a subscriber who moves to a digest before the walk reaches them gets the update in the digest, once", () => {
    const { id } = ups.publish({ draftKey: "a", content, sensitive: false });
    const reached = db
      .prepare<[number], Buffer>("SELECT chat_key FROM delivery WHERE update_id = ? AND kind = 'update'")
      .pluck()
      .all(id)
      .map((k) => k.toString("hex"));
    const chats = Array.from({ length: 95 }, (_, i) => i + 1);
    const early = chats.find((c) => reached.includes(ids.lookupKey(c).toString("hex"))) as number;
    const late = chats.find((c) => !reached.includes(ids.lookupKey(c).toString("hex"))) as number;
    subs.change(early, { cadence: "daily" });
    subs.change(late, { cadence: "daily" });
    while (!ups.fanOutStep(id).done);
    const store = digests(db, now);
    const freshOf = (chat: number) => {
      const key = ids.lookupKey(chat).toString("hex");
      const d = store.due(Number.MAX_SAFE_INTEGER, 1000).find((x) => x.chatKey.toString("hex") === key);
      return d ? store.freshFor(d) : undefined;
    };
    expect(freshOf(late)).toEqual([id]); // not walked as instant: the digest carries it
    expect(freshOf(early)).toEqual([]); // already queued on its own
    expect(rowsOf(id)).toBe(94);
  });

  it("a digest subscriber whose digest carried the update, then turned instant before the walk reached them, does not get it twice", () => {
    const { id } = ups.publish({ draftKey: "a", content, sensitive: false });
    const reached = new Set(
      db
        .prepare<[number], Buffer>("SELECT chat_key FROM delivery WHERE update_id = ? AND kind = 'update'")
        .pluck()
        .all(id)
        .map((k) => k.toString("hex")),
    );
    const late = Array.from({ length: 95 }, (_, i) => i + 1).find(
      (c) => !reached.has(ids.lookupKey(c).toString("hex")),
    ) as number;
    subs.change(late, { cadence: "daily" });
    // Their digest fell due and carried the update (as digests.commitAll records it).
    db.prepare("UPDATE subscriber SET digest_after = ? WHERE chat_key = ?").run(id, ids.lookupKey(late));
    subs.change(late, { cadence: "instant" });
    while (!ups.fanOutStep(id).done);
    const own = db
      .prepare("SELECT COUNT(*) FROM delivery WHERE update_id = ? AND kind = 'update' AND chat_key = ?")
      .pluck()
      .get(id, ids.lookupKey(late));
    expect(own).toBe(0);
    expect(rowsOf(id)).toBe(94);
  });

  it("stops at the next chunk once the update is retracted", () => {
    const { id } = ups.publish({ draftKey: "a", content, sensitive: false });
    ups.fanOutStep(id);
    ups.retract(id);
    expect(ups.fanOutStep(id)).toEqual({ added: 0, done: true });
    expect(ups.fanningUpdates()).toEqual([]);
    expect(rowsOf(id)).toBe(20);
    const pending = db
      .prepare("SELECT COUNT(*) FROM delivery WHERE update_id = ? AND state = 'pending'")
      .pluck()
      .get(id);
    expect(pending).toBe(0);
  });
});
