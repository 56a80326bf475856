import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import type { UpdateContent } from "../core/delivery/content.js";
import { createIdentity } from "./identity.js";
import { type Db, openDatabase } from "./open.js";
import { type DeliveryRow, outbox } from "./outbox.js";
import { forgetChat, subscribers } from "./subscribers.js";
import { updates } from "./updates.js";

const v1: UpdateContent = { original: "fr", bodies: { fr: { text: "Libéré ce matin", entities: [] } } };
const v2: UpdateContent = {
  original: "fr",
  bodies: { fr: { text: "Libéré ce matin, 3 jours", entities: [] } },
};
const READER = 1_000_000_001;

/** What a send in flight meets when an operator or the reader acts before Telegram answers. */
describe("outbox: answers that arrive after an /edit or a /forget", () => {
  const ids = createIdentity(randomBytes(32));
  const clock = 1_700_000_000_000;
  const now = () => clock;
  let db: Db;
  let ups: ReturnType<typeof updates>;
  let box: ReturnType<typeof outbox>;

  /** Publishes an update to one reader and claims its row, as the dispatcher does before sending. */
  function inFlight(opts: { sensitive?: boolean } = {}): { row: DeliveryRow; id: number; version: number } {
    const { id } = ups.publish({
      draftKey: randomBytes(4).toString("hex"),
      content: v1,
      sensitive: opts.sensitive ?? false,
      deleteAfterSeconds: opts.sensitive ? 3600 : undefined,
    });
    const row = box.ready(clock, 10).find((r) => r.updateId === id);
    if (!row || !box.claim(row.id)) throw new Error("no row to claim");
    return { row, id, version: ups.get(id)?.version as number };
  }
  const rowsOf = (kind: string) =>
    db.prepare("SELECT message_id, state, payload FROM delivery WHERE kind = ?").all(kind);

  beforeEach(() => {
    db = openDatabase(":memory:");
    ups = updates(db, ids, now);
    box = outbox(db, ids, now);
    subscribers(db, ids, now).subscribe(READER, { isGroup: false, lang: "fr" });
  });

  it("queues a correction for a message rendered before an /edit that landed while it was in flight", () => {
    const { row, id, version } = inFlight();
    expect(version).toBe(1);
    // The edit finds no sent row to correct: this one is still 'sending'.
    expect(ups.edit(id, v2)).toEqual({ edits: 0, tooOld: 0, digests: 0, digestsTooOld: 0 });
    expect(ups.get(id)?.version).toBe(2);
    expect(box.sent(row, 42, version)).toBe("recorded");
    expect(rowsOf("edit")).toEqual([{ message_id: 42, state: "pending", payload: null }]);
    expect(db.prepare("SELECT content_version FROM delivery WHERE id = ?").pluck().get(row.id)).toBe(1);
  });

  it("queues nothing when the message already carried the latest version", () => {
    const { row, id } = inFlight();
    ups.edit(id, v2);
    expect(box.sent(row, 42, 2)).toBe("recorded");
    expect(rowsOf("edit")).toEqual([]);
  });

  it("deletes rather than corrects when the update was retracted as well", () => {
    const { row, id, version } = inFlight();
    ups.edit(id, v2);
    ups.retract(id);
    box.sent(row, 42, version);
    expect(rowsOf("edit")).toEqual([]);
    expect(rowsOf("delete")).toEqual([{ message_id: 42, state: "pending", payload: null }]);
  });

  it("writes no row for a chat that /forget erased while its message was in flight", () => {
    // Sensitive: recording the send would otherwise schedule its deletion, a new row for the chat.
    const { row, id, version } = inFlight({ sensitive: true });
    ups.edit(id, v2); // and a stale version would queue a correction
    forgetChat(db, ids, READER, clock);
    expect(box.sent(row, 42, version)).toBe("forgotten");
    expect(
      db.prepare("SELECT COUNT(*) FROM delivery WHERE chat_key = ?").pluck().get(ids.lookupKey(READER)),
    ).toBe(0);
    expect(db.prepare("SELECT COUNT(*) FROM subscriber").pluck().get()).toBe(0);
  });
});
