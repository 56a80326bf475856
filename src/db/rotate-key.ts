import type { Identity } from "./identity.js";
import { type Db, truncateWal } from "./open.js";

/** What a rotation carried over to the new key, and what it could not. */
export interface RotationReport {
  subscribers: number;
  deliveries: number;
  updates: number;
  /** Language choices re-keyed: their user id is known (a subscribed private chat, or an operator). */
  preferences: number;
  /** Language choices deleted: only a hash of the user id was stored, and no row says which id. */
  preferencesDropped: number;
  conversations: number;
  conversationsDropped: number;
  audit: number;
  /** Audit rows of people who are no longer operators: they stop naming anyone. */
  auditKeysDropped: number;
  /** Messages waiting to be deleted (auto-delete, /panic's report): re-keyed from their sealed chat id. */
  pendingDeletions: number;
  /** Auto-delete settings re-keyed: the chat is known from a subscription or a pending deletion. */
  autoDelete: number;
  /** Auto-delete settings deleted: only a hash of the chat id was stored, and no row says which id. */
  autoDeleteDropped: number;
}

/** Every BLOB column the rotation knows how to carry over; any other one stops it before it starts. */
export const ROTATED_COLUMNS = [
  "subscriber.chat_key",
  "subscriber.chat_sealed",
  "delivery.chat_key",
  "delivery.chat_sealed",
  "news_update.content",
  "news_update.source",
  "news_update.progress_chat",
  "preference.user_key",
  "conversation.key",
  "conversation.state",
  "audit.operator_key",
  "auto_delete.chat_key",
  "pending_deletion.chat_key",
  "pending_deletion.chat_sealed",
] as const;

/** A BLOB column of this schema that rotateKey does not know: rotating would leave it under the old key. */
export class UnknownColumnError extends Error {
  override name = "UnknownColumnError";
}

/** Every column declared BLOB in the database, as table.column. */
export function blobColumns(db: Db): string[] {
  const tables = db
    .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all();
  return tables.flatMap((t) =>
    db
      .prepare<[], { name: string; type: string }>(`SELECT name, type FROM pragma_table_info('${t}')`)
      .all()
      .filter((c) => c.type.toUpperCase() === "BLOB")
      .map((c) => `${t}.${c.name}`),
  );
}

/**
 * Re-seals and re-keys every row under a new DATA_KEY, in one transaction: all rows move, or none.
 * Lookup keys are one-way hashes, so a row is re-keyed from its sealed id where it has one; rows holding
 * only a hash (a language choice, an operator's draft or audit row) are re-keyed when the id is known
 * (subscribed private chats, OPERATOR_IDS) and otherwise deleted or emptied, as the report says.
 */
export function rotateKey(
  db: Db,
  from: Identity,
  to: Identity,
  operatorIds: readonly number[],
): RotationReport {
  const unknown = blobColumns(db).filter((c) => !(ROTATED_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0)
    throw new UnknownColumnError(`rotate-key does not know ${unknown.join(", ")}: nothing was changed`);
  const reseal = (blob: Buffer | null) => (blob === null ? null : to.sealBytes(from.openBytes(blob)));

  const report = db.transaction((): RotationReport => {
    const subs = db
      .prepare<[], { chat_key: Buffer; chat_sealed: Buffer }>("SELECT chat_key, chat_sealed FROM subscriber")
      .all();
    const setSub = db.prepare("UPDATE subscriber SET chat_key = ?, chat_sealed = ? WHERE chat_key = ?");
    const userIds = new Set<number>(operatorIds);
    for (const s of subs) {
      const chat = from.openChat(s.chat_sealed);
      if (typeof chat === "number" && chat > 0) userIds.add(chat); // a private chat's id is its user's
      setSub.run(to.lookupKey(chat), to.seal(chat), s.chat_key);
    }

    const rows = db
      .prepare<[], { id: number; chat_sealed: Buffer }>("SELECT id, chat_sealed FROM delivery")
      .all();
    const setDelivery = db.prepare("UPDATE delivery SET chat_key = ?, chat_sealed = ? WHERE id = ?");
    for (const r of rows) {
      const chat = from.openChat(r.chat_sealed);
      setDelivery.run(to.lookupKey(chat), to.seal(chat), r.id);
    }

    const ups = db
      .prepare<[], { id: number; content: Buffer; source: Buffer | null; progress_chat: Buffer | null }>(
        "SELECT id, content, source, progress_chat FROM news_update",
      )
      .all();
    const setUpdate = db.prepare(
      "UPDATE news_update SET content = ?, source = ?, progress_chat = ? WHERE id = ?",
    );
    for (const u of ups)
      setUpdate.run(
        reseal(u.content),
        reseal(u.source),
        u.progress_chat === null ? null : to.seal(from.openChat(u.progress_chat)),
        u.id,
      );

    // A fan-out under way walks chat_key order, which the new keys reshuffle: it starts again from the
    // first key, and delivery_once skips the chats it already queued (db/update-fan-out.ts).
    db.prepare("UPDATE news_update SET fanout_cursor = X'' WHERE fanout_active = 1").run();

    const pending = db
      .prepare<[], { chat_key: Buffer; message_id: number; chat_sealed: Buffer }>(
        "SELECT chat_key, message_id, chat_sealed FROM pending_deletion",
      )
      .all();
    const setPending = db.prepare(
      "UPDATE pending_deletion SET chat_key = ?, chat_sealed = ? WHERE chat_key = ? AND message_id = ?",
    );
    for (const d of pending) {
      const chat = from.openChat(d.chat_sealed);
      if (typeof chat === "number" && chat > 0) userIds.add(chat); // auto-delete is for private chats
      setPending.run(to.lookupKey(chat), to.seal(chat), d.chat_key, d.message_id);
    }

    // Hash-only rows: an old hash is matched against the hashes of every id the database or config knows.
    const byOldKey = (derive: (id: number) => string | number) =>
      new Map([...userIds].map((id) => [from.lookupKey(derive(id)).toString("hex"), derive(id)]));

    const users = byOldKey((id) => id);
    let preferences = 0;
    let preferencesDropped = 0;
    const prefs = db.prepare<[], { user_key: Buffer }>("SELECT user_key FROM preference").all();
    for (const p of prefs) {
      const id = users.get(p.user_key.toString("hex"));
      if (id === undefined) {
        db.prepare("DELETE FROM preference WHERE user_key = ?").run(p.user_key);
        preferencesDropped++;
      } else {
        db.prepare("UPDATE preference SET user_key = ? WHERE user_key = ?").run(to.lookupKey(id), p.user_key);
        preferences++;
      }
    }

    let autoDelete = 0;
    let autoDeleteDropped = 0;
    const autoRows = db.prepare<[], { chat_key: Buffer }>("SELECT chat_key FROM auto_delete").all();
    for (const a of autoRows) {
      const id = users.get(a.chat_key.toString("hex"));
      if (id === undefined) {
        db.prepare("DELETE FROM auto_delete WHERE chat_key = ?").run(a.chat_key);
        autoDeleteDropped++;
      } else {
        db.prepare("UPDATE auto_delete SET chat_key = ? WHERE chat_key = ?").run(
          to.lookupKey(id),
          a.chat_key,
        );
        autoDelete++;
      }
    }

    const convKeys = byOldKey((id) => `conversation:${id}`);
    let conversations = 0;
    let conversationsDropped = 0;
    const convs = db.prepare<[], { key: Buffer; state: Buffer }>("SELECT key, state FROM conversation").all();
    for (const c of convs) {
      const key = convKeys.get(c.key.toString("hex"));
      if (key === undefined) {
        db.prepare("DELETE FROM conversation WHERE key = ?").run(c.key);
        conversationsDropped++;
      } else {
        db.prepare("UPDATE conversation SET key = ?, state = ? WHERE key = ?").run(
          to.lookupKey(key),
          reseal(c.state),
          c.key,
        );
        conversations++;
      }
    }

    const operators = new Map(operatorIds.map((id) => [from.lookupKey(id).toString("hex"), id]));
    let audit = 0;
    let auditKeysDropped = 0;
    const audits = db
      .prepare<[], { id: number; operator_key: Buffer }>(
        "SELECT id, operator_key FROM audit WHERE length(operator_key) > 0",
      )
      .all();
    for (const a of audits) {
      const id = operators.get(a.operator_key.toString("hex"));
      db.prepare("UPDATE audit SET operator_key = ? WHERE id = ?").run(
        id === undefined ? Buffer.alloc(0) : to.lookupKey(id),
        a.id,
      );
      if (id === undefined) auditKeysDropped++;
      else audit++;
    }

    return {
      subscribers: subs.length,
      deliveries: rows.length,
      updates: ups.length,
      preferences,
      preferencesDropped,
      conversations,
      conversationsDropped,
      audit,
      auditKeysDropped,
      pendingDeletions: pending.length,
      autoDelete,
      autoDeleteDropped,
    };
  })();
  // The old key's blobs were overwritten in the database's pages (secure_delete); the WAL held their images.
  truncateWal(db);
  return report;
}
