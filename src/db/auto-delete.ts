import type { Identity } from "./identity.js";
import type { Db } from "./open.js";

/** Telegram lets a bot delete a message in a private chat for 48 hours after it was sent. */
export const DELETE_WINDOW_MS = 48 * 3_600_000;
/** The delays a reader can choose, in seconds: 1 h, 6 h, 24 h, 47 h (under Telegram's 48 h). */
export const AUTO_DELETE_DELAYS = [3_600, 21_600, 86_400, 169_200] as const;

export interface DueDeletion {
  chatId: number;
  chatKey: Buffer;
  messageIds: number[];
}

/** The auto_delete and pending_deletion writes /forget runs inside its own transaction (db/personal-data.ts). */
export function autoDeleteWrites(db: Db) {
  const off = db.prepare<[Buffer]>("DELETE FROM auto_delete WHERE chat_key = ?");
  const forgetPending = db.prepare<[Buffer]>("DELETE FROM pending_deletion WHERE chat_key = ?");
  return {
    /** Auto-delete off for the chat; true when it was on. */
    off: (key: Buffer): boolean => off.run(key).changes > 0,
    /** Every pending row of the chat; how many went. */
    forgetPending: (key: Buffer): number => forgetPending.run(key).changes,
    /** The chat's setting and every pending row; true when anything went. */
    forgetChat: (key: Buffer): boolean => off.run(key).changes + forgetPending.run(key).changes > 0,
  };
}

/**
 * Auto-delete and /panic: the delay a reader chose, and one sealed row per message to delete. A row
 * goes when its message is deleted, or when Telegram would no longer allow it (48 h after sending).
 */
export function autoDeletions(db: Db, ids: Identity, now: () => number) {
  const delayOf = db.prepare<[Buffer], number>("SELECT delay_s FROM auto_delete WHERE chat_key = ?").pluck();
  const setDelay = db.prepare(
    `INSERT INTO auto_delete (chat_key, delay_s, swept_until) VALUES (?, ?, ?)
     ON CONFLICT (chat_key) DO UPDATE SET delay_s = excluded.delay_s`,
  );
  const write = autoDeleteWrites(db);
  const add = db.prepare(
    `INSERT INTO pending_deletion (chat_key, message_id, chat_sealed, delete_at, expires_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_key, message_id) DO NOTHING`,
  );
  const due = db.prepare<[number, number], { chat_key: Buffer; chat_sealed: Buffer; message_id: number }>(
    `SELECT chat_key, chat_sealed, message_id FROM pending_deletion
     WHERE delete_at <= ? AND expires_at > ? ORDER BY chat_key, message_id LIMIT 1000`,
  );
  // Updates and digests the dispatcher delivered to an auto-delete chat: read, never written, here.
  const delivered = db.prepare<
    [number, number],
    { chat_key: Buffer; chat_sealed: Buffer; message_id: number }
  >(
    `SELECT d.chat_key, d.chat_sealed, d.message_id FROM delivery d JOIN auto_delete a ON a.chat_key = d.chat_key
     WHERE d.state = 'sent' AND d.message_id IS NOT NULL AND d.kind IN ('update', 'digest')
       AND d.sent_at > a.swept_until AND d.sent_at <= ? - a.delay_s * 1000 AND d.sent_at > ?`,
  );
  const swept = db.prepare<[number]>(
    "UPDATE auto_delete SET swept_until = MAX(swept_until, ? - delay_s * 1000)",
  );
  const done = db.prepare<[Buffer, number]>(
    "DELETE FROM pending_deletion WHERE chat_key = ? AND message_id = ?",
  );
  const expired = db.prepare<[number]>("DELETE FROM pending_deletion WHERE expires_at <= ?");
  const ofChat = db
    .prepare<[Buffer], number>(
      "SELECT message_id FROM pending_deletion WHERE chat_key = ? ORDER BY message_id",
    )
    .pluck();
  const recent = db
    .prepare<[Buffer, number], number>(
      `SELECT DISTINCT message_id FROM delivery WHERE chat_key = ? AND state = 'sent' AND message_id IS NOT NULL
         AND kind IN ('update', 'digest') AND sent_at > ?`,
    )
    .pluck();

  const group = (rows: { chat_key: Buffer; chat_sealed: Buffer; message_id: number }[]) => {
    const byChat = new Map<string, DueDeletion>();
    for (const r of rows) {
      const k = r.chat_key.toString("hex");
      let entry = byChat.get(k);
      if (!entry) {
        entry = { chatId: ids.unseal(r.chat_sealed), chatKey: r.chat_key, messageIds: [] };
        byChat.set(k, entry);
      }
      if (!entry.messageIds.includes(r.message_id)) entry.messageIds.push(r.message_id);
    }
    return [...byChat.values()];
  };

  return {
    /** The chosen delay in seconds, or undefined when auto-delete is off. */
    delayOf: (chatId: number): number | undefined => delayOf.get(ids.lookupKey(chatId)),
    /** Turns auto-delete on with `delaySeconds`, or off (undefined): off also drops pending rows. */
    setDelay: db.transaction((chatId: number, delaySeconds: number | undefined) => {
      const key = ids.lookupKey(chatId);
      if (delaySeconds === undefined) {
        write.off(key);
        write.forgetPending(key);
      } else setDelay.run(key, delaySeconds, now());
    }),
    /** Schedules the deletion of messages just sent in this chat, when auto-delete is on there. */
    recordIfOn(chatId: number, messageIds: number[], sentAt = now()): void {
      const key = ids.lookupKey(chatId);
      const delay = delayOf.get(key);
      if (delay === undefined || messageIds.length === 0) return;
      const sealed = ids.seal(chatId);
      for (const id of messageIds) add.run(key, id, sealed, sentAt + delay * 1000, sentAt + DELETE_WINDOW_MS);
    },
    /** Schedules one message's deletion whatever the setting (a /panic report deletes itself). */
    schedule(chatId: number, messageId: number, deleteAt: number): void {
      add.run(ids.lookupKey(chatId), messageId, ids.seal(chatId), deleteAt, now() + DELETE_WINDOW_MS);
    },
    /** What is due now: pending rows, and delivered updates past their chat's delay. Expired rows go. */
    due: db.transaction((): DueDeletion[] => {
      const at = now();
      expired.run(at);
      const rows = [...due.all(at, at), ...delivered.all(at, at - DELETE_WINDOW_MS)];
      swept.run(at);
      return group(rows);
    }),
    /** A message was deleted (or cannot be): its row goes. */
    done: (chatKey: Buffer, messageId: number) => done.run(chatKey, messageId),
    /** The message ids waiting for deletion in this chat (for /panic and /mydata). */
    pending: (chatId: number): number[] => ofChat.all(ids.lookupKey(chatId)),
    /** Updates and digests delivered to this chat within the last 48 hours (for /panic). */
    recentDelivered: (chatId: number): number[] =>
      recent.all(ids.lookupKey(chatId), now() - DELETE_WINDOW_MS),
    /** /forget and /panic: every pending row of the chat, and (for /forget) the setting. */
    forget: db.transaction((chatId: number, setting: boolean): number => {
      const key = ids.lookupKey(chatId);
      const n = write.forgetPending(key);
      if (setting) write.off(key);
      return n;
    }),
  };
}

export type AutoDeletions = ReturnType<typeof autoDeletions>;
