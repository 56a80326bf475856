import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import type { UpdateContent } from "../core/delivery/content.js";
import { createIdentity } from "./identity.js";
import { type Db, openDatabase } from "./open.js";
import { type DeliveryRow, outbox } from "./outbox.js";
import { subscribers } from "./subscribers.js";
import { EDIT_WINDOW_MS, updates } from "./updates.js";

const content: UpdateContent = { original: "en", bodies: { en: { text: "News", entities: [] } } };

describe("digests carrying an update", () => {
  let db: Db;
  let clock = 1_700_000_000_000;
  const ids = createIdentity(randomBytes(32));
  const now = () => clock;
  let ups: ReturnType<typeof updates>;
  let box: ReturnType<typeof outbox>;

  /** A digest part for the one daily subscriber, claimed as the dispatcher would. */
  const digestRow = (updateIds: number[]): DeliveryRow => {
    const key = ids.lookupKey(1_000_000_001);
    const id = Number(
      db
        .prepare(
          `INSERT INTO delivery (kind, part, chat_key, chat_sealed, is_group, lang, payload, created_at)
           VALUES ('digest', 0, ?, ?, 0, 'en', ?, ?)`,
        )
        .run(key, ids.seal(1_000_000_001), JSON.stringify({ ids: updateIds, header: true, total: 2 }), clock)
        .lastInsertRowid,
    );
    const row = box.ready(clock, 10).find((r) => r.id === id) as DeliveryRow;
    box.claim(row.id);
    return row;
  };

  beforeEach(() => {
    db = openDatabase(":memory:");
    const subs = subscribers(db, ids, now);
    subs.subscribe(1_000_000_001, { isGroup: false, lang: "en" });
    subs.change(1_000_000_001, { cadence: "daily" });
    ups = updates(db, ids, now);
    box = outbox(db, ids, now);
    ups.publish({ draftKey: "a", content, sensitive: false });
    ups.publish({ draftKey: "b", content, sensitive: false });
  });

  it("reaches a sent digest within 48 hours, and counts the older ones it cannot reach", () => {
    box.sent(digestRow([1, 2]), 70);
    clock += EDIT_WINDOW_MS + 1;
    box.sent(digestRow([1]), 71);
    expect(ups.retract(1)).toMatchObject({ digests: 1, digestsTooOld: 1, digestsPending: 0 });
    const edits = db.prepare("SELECT update_id, message_id, payload FROM delivery WHERE kind = 'edit'").all();
    expect(edits).toEqual([{ update_id: 1, message_id: 71, payload: '{"ids":[1],"header":true,"total":2}' }]);
    expect(ups.edit(2, content)).toMatchObject({ digests: 0, digestsTooOld: 1 });
  });

  it("counts a digest not sent yet as going without it", () => {
    const row = digestRow([1, 2]);
    expect(ups.retract(2)).toMatchObject({ digests: 0, digestsTooOld: 0, digestsPending: 1 });
    // Sent after the retract (it raced it): the digest is rendered again without what was retracted.
    box.sent(row, 80);
    const edit = db.prepare("SELECT update_id, message_id FROM delivery WHERE kind = 'edit'").get();
    expect(edit).toEqual({ update_id: 2, message_id: 80 });
    expect(ups.get(1)?.sent).toBe(0);
  });
});
