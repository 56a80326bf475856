import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import type { Lang } from "../core/article/model.js";
import type { UpdateContent } from "../core/delivery/content.js";
import { digests } from "./digests.js";
import { createIdentity } from "./identity.js";
import { type Db, openDatabase } from "./open.js";
import { outbox } from "./outbox.js";
import { subscribers } from "./subscribers.js";
import { updates } from "./updates.js";

const content: UpdateContent = { original: "fr", bodies: { fr: { text: "Libéré", entities: [] } } };
const CHECK = /CHECK constraint failed/;

/** Each insert ignores only the conflict it is written for: any other constraint still throws. */
describe("ON CONFLICT (key) DO NOTHING", () => {
  const ids = createIdentity(randomBytes(32));
  const now = () => 1_700_000_000_000;
  let db: Db;
  const rows = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

  beforeEach(() => {
    db = openDatabase(":memory:");
  });

  it("subscribes once per chat, and a row that breaks a CHECK throws instead of answering existing", () => {
    const subs = subscribers(db, ids, now);
    expect(subs.subscribe(1001, { isGroup: false, lang: "fr" })).toBe("created");
    expect(subs.subscribe(1001, { isGroup: false, lang: "en" })).toBe("existing");
    expect(() => subs.subscribe(1002, { isGroup: false, lang: "de" as Lang })).toThrow(CHECK);
    expect(rows("subscriber")).toBe(1);
  });

  it("publishes a draft once, and a draft that breaks a CHECK throws a constraint error, not a TypeError", () => {
    const ups = updates(db, ids, now);
    expect(ups.publish({ draftKey: "d", content, sensitive: false }).created).toBe(true);
    expect(ups.publish({ draftKey: "d", content, sensitive: false }).created).toBe(false);
    // delete_after_s must be 60 s to 47 h: 5 s breaks the CHECK.
    expect(() => ups.publish({ draftKey: "bad", content, sensitive: true, deleteAfterSeconds: 5 })).toThrow(
      CHECK,
    );
    expect(rows("news_update")).toBe(1);
  });

  it("queues the channel once, and a channel row that breaks a CHECK throws instead of dropping the recipient", () => {
    const ups = updates(db, ids, now);
    const channel = { chatId: "@relay_news", lang: "de" as Lang };
    expect(() => ups.publish({ draftKey: "c", content, sensitive: false, channel })).toThrow(CHECK);
    expect(rows("news_update")).toBe(0); // the whole publication rolled back
    const ok = ups.publish({ draftKey: "c", content, sensitive: false, channel: { ...channel, lang: "en" } });
    expect(ok.recipients).toBe(1);
  });

  it("queues a digest's single once, and a single that breaks a CHECK throws", () => {
    const ups = updates(db, ids, now);
    const { id } = ups.publish({ draftKey: "s", content, sensitive: false });
    const dig = digests(db, now);
    const due = {
      chatKey: ids.lookupKey(7),
      chatSealed: ids.seal(7),
      isGroup: false,
      lang: "fr" as Lang,
      cadence: "daily" as const,
      hour: 9,
      weekday: 1,
      offsetMinutes: 0,
      after: 0,
      dueAt: 1,
    };
    subscribers(db, ids, now).subscribe(7, { isGroup: false, lang: "fr" });
    db.prepare("UPDATE subscriber SET next_digest_at = 1").run();
    const plan = { parts: [], singles: [id, id], cursor: id, slot: 1, next: 2 };
    expect(dig.commit(due, plan)).toBe(true);
    expect(rows("delivery")).toBe(1); // the same update twice: one row
    db.prepare("UPDATE subscriber SET next_digest_at = 1").run();
    expect(() => dig.commit({ ...due, lang: "de" as Lang }, plan)).toThrow(CHECK);
  });

  it("moves a migrated group's pending rows, cancelling only the ones already queued for the new chat", () => {
    const subs = subscribers(db, ids, now);
    const ups = updates(db, ids, now);
    const box = outbox(db, ids, now);
    subs.subscribe(-100, { isGroup: true, lang: "fr" });
    ups.publish({ draftKey: "a", content, sensitive: false });
    subs.subscribe(-1_009, { isGroup: true, lang: "fr" });
    ups.publish({ draftKey: "b", content, sensitive: false });
    const old = box.ready(now(), 10).find((r) => r.chatKey.equals(ids.lookupKey(-100)) && r.updateId === 1);
    if (!old) throw new Error("no row");
    box.claim(old.id);
    box.migrate(old, -1_009);
    const byChat = db
      .prepare("SELECT update_id, state FROM delivery WHERE chat_key = ? ORDER BY update_id, state")
      .all(ids.lookupKey(-1_009));
    // Update 1 followed the group; update 2 was already queued for the new chat: the old row is cancelled.
    expect(byChat).toEqual([
      { update_id: 1, state: "pending" },
      { update_id: 2, state: "pending" },
    ]);
    expect(
      db.prepare("SELECT state FROM delivery WHERE chat_key = ?").pluck().all(ids.lookupKey(-100)),
    ).toEqual(["cancelled"]);
  });
});
