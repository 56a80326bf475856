import type { Lang } from "../core/article/model.js";
import { autoDeleteWrites } from "./auto-delete.js";
import { conversationKeyOf } from "./conversations.js";
import { EDIT_WINDOW_MS } from "./deliveries.js";
import type { Identity } from "./identity.js";
import { type Db, truncateWal } from "./open.js";
import type { Preferences } from "./preferences.js";
import { type ForgottenChat, forgetChat, type Subscribers, type Subscription } from "./subscribers.js";
import { updateWrites } from "./updates.js";

/** Everything Relay holds about one person in their private chat with it, decrypted (/mydata). */
export interface PersonalData {
  /** The chat id as stored (sealed), opened; undefined when no row holds it. */
  chatId?: number;
  /** A language chosen with /lang (keyed by a keyed hash of the user id). */
  language?: Lang;
  subscription?: Subscription;
  /** Outbox rows for this chat: waiting to go, and the record of messages sent within 48 hours. */
  deliveries: { pending: number; deletions: number; sent: number; other: number };
  /** An operator's unfinished /post or /edit: when it was last touched, and its sealed size. */
  conversation?: { updatedAt: number; bytes: number };
  /** Operator actions recorded under this person's keyed hash. */
  auditEntries: number;
  /** Broadcasts whose progress message still goes to this chat. */
  progressMessages: number;
  /** Auto-delete: the chosen delay, and how many messages wait to be deleted (sealed rows). */
  autoDelete?: { delaySeconds?: number; pending: number };
}

export interface Forgotten extends ForgottenChat {
  language: boolean;
  progressMessages: number;
  /** The auto-delete setting and its pending rows went. */
  autoDelete: boolean;
}

/**
 * What /mydata reads and /forget deletes, over the tables the subscription engine owns.
 * In a private chat the chat id is the user id, so one number finds every row.
 */
export function personalData(db: Db, ids: Identity, prefs: Preferences, subs: Pick<Subscribers, "get">) {
  const deliveryCounts = db.prepare<
    [number, Buffer],
    { pending: number; deletions: number; sent: number; other: number }
  >(
    // A scheduled deletion of a message sent here is told apart from a send still waiting.
    `SELECT COALESCE(SUM(state IN ('pending', 'sending') AND kind <> 'delete'), 0) AS pending,
            COALESCE(SUM(state IN ('pending', 'sending') AND kind = 'delete'), 0) AS deletions,
            COALESCE(SUM(state = 'sent' AND sent_at > ?), 0) AS sent,
            COUNT(*) AS other
     FROM delivery WHERE chat_key = ?`,
  );
  const anySealed = db
    .prepare<[Buffer, Buffer], Buffer>(
      `SELECT chat_sealed FROM subscriber WHERE chat_key = ?
     UNION ALL SELECT chat_sealed FROM delivery WHERE chat_key = ? LIMIT 1`,
    )
    .pluck();
  const conversation = db.prepare<[Buffer], { updated_at: number; bytes: number }>(
    "SELECT updated_at, length(state) AS bytes FROM conversation WHERE key = ?",
  );
  const auditCount = db
    .prepare<[Buffer], number>("SELECT COUNT(*) FROM audit WHERE operator_key = ?")
    .pluck();
  const progress = db.prepare<[], { id: number; progress_chat: Buffer }>(
    "SELECT id, progress_chat FROM news_update WHERE progress_chat IS NOT NULL",
  );
  const news = updateWrites(db);
  const autoDeleteRows = autoDeleteWrites(db);
  const autoDelay = db
    .prepare<[Buffer], number>("SELECT delay_s FROM auto_delete WHERE chat_key = ?")
    .pluck();
  const pendingDeletions = db
    .prepare<[Buffer], number>("SELECT COUNT(*) FROM pending_deletion WHERE chat_key = ?")
    .pluck();

  /** Broadcast ids whose sealed progress chat opens to this chat (sealed blobs can only be compared opened). */
  const progressOf = (chatId: number): number[] =>
    progress
      .all()
      .filter((r) => {
        try {
          return ids.unseal(r.progress_chat) === chatId;
        } catch {
          return false;
        }
      })
      .map((r) => r.id);

  const forgetRows = db.transaction((userId: number, now: number): Forgotten => {
    const chat = forgetChat(db, ids, userId, now);
    const language = prefs.forget(userId) > 0;
    const ours = progressOf(userId);
    for (const id of ours) news.dropProgress(id);
    const autoDelete = autoDeleteRows.forgetChat(ids.lookupKey(userId));
    return { ...chat, language, progressMessages: ours.length, autoDelete };
  });

  return {
    of(userId: number, now: number): PersonalData {
      const key = ids.lookupKey(userId);
      const sealed = anySealed.get(key, key);
      const counts = deliveryCounts.get(now - EDIT_WINDOW_MS, key) ?? {
        pending: 0,
        deletions: 0,
        sent: 0,
        other: 0,
      };
      const conv = conversation.get(conversationKeyOf(ids, userId));
      const delaySeconds = autoDelay.get(key);
      const pending = pendingDeletions.get(key) ?? 0;
      return {
        chatId: sealed ? ids.unseal(sealed) : undefined,
        language: prefs.language(userId),
        subscription: subs.get(userId),
        deliveries: { ...counts, other: counts.other - counts.pending - counts.deletions - counts.sent },
        conversation: conv ? { updatedAt: conv.updated_at, bytes: conv.bytes } : undefined,
        auditEntries: auditCount.get(ids.lookupKey(userId)) ?? 0,
        progressMessages: progressOf(userId).length,
        autoDelete: delaySeconds !== undefined || pending > 0 ? { delaySeconds, pending } : undefined,
      };
    },

    /**
     * /forget, in ONE transaction: language choice, subscription, every outbox row, conversation state,
     * the auto-delete setting and its pending rows,
     * and the sealed chat id of any broadcast progress message. Returns what went, and the ids of messages
     * sent in the last 48 hours for the caller to delete from the chat. The operators' audit trail stays
     * (it names them only by keyed hash, and goes with its updates after RETENTION_DAYS).
     */
    forget(userId: number, now: number): Forgotten {
      const forgotten = forgetRows(userId, now);
      // secure_delete clears the rows in the database's pages; the WAL still holds their older images.
      truncateWal(db);
      return forgotten;
    },
  };
}

export type PersonalDataStore = ReturnType<typeof personalData>;
