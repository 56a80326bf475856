import type { Db } from "./open.js";

/**
 * Telegram lets a bot delete its messages for 48 hours (Bot API reference, deleteMessage); Relay keeps
 * message ids that long and no longer, so /edit and /retract reach the same window. Editing a bot's own
 * message has no time limit (editMessageText: the 48 hours are for business messages not sent by the bot).
 */
export const EDIT_WINDOW_MS = 48 * 3_600_000;

/**
 * The conflict a fan-out may meet: the same update already queued for the same chat (the partial
 * unique index delivery_once). Any other constraint (CHECK, NOT NULL) still throws.
 */
export const ONCE_PER_CHAT = `ON CONFLICT (kind, update_id, chat_key, part)
     WHERE kind IN ('update', 'channel', 'publish', 'toc') DO NOTHING`;

/**
 * The one module that writes the `delivery` table (the outbox). The repositories that enqueue, cancel or
 * forget deliveries (updates, digests, subscribers, outbox) run these inside their own transactions.
 */
export function deliveryWrites(db: Db) {
  // Enqueueing an update: the channel, /publish's posts, a digest's parts. Its instant subscribers are
  // queued in chunks by db/update-fan-out.ts.
  const toChannel = db.prepare(
    `INSERT INTO delivery (kind, update_id, chat_key, chat_sealed, is_group, lang, created_at)
     VALUES ('channel', @id, @key, @sealed, 1, @lang, @at)
     ${ONCE_PER_CHAT}`,
  );
  const addChannelPost = db.prepare(
    `INSERT INTO delivery (kind, update_id, part, chat_key, chat_sealed, is_group, lang, payload, created_at)
     VALUES (@kind, @id, @part, @key, @sealed, 1, @lang, @payload, @at)`,
  );
  const addDigestPart = db.prepare(
    `INSERT INTO delivery (kind, part, chat_key, chat_sealed, is_group, lang, payload, created_at)
     VALUES ('digest', @part, @key, @sealed, @isGroup, @lang, @payload, @at)`,
  );
  const addDigestSingle = db.prepare(
    `INSERT INTO delivery (kind, update_id, chat_key, chat_sealed, is_group, lang, created_at)
     VALUES ('update', @id, @key, @sealed, @isGroup, @lang, @at)
     ${ONCE_PER_CHAT}`,
  );
  // Follow-ups of what was sent: a deletion (sensitive, or a retract that raced the send), a correction.
  const scheduleDelete = db.prepare(
    `INSERT INTO delivery (kind, update_id, chat_key, chat_sealed, is_group, lang, message_id, not_before, created_at)
     VALUES ('delete', @updateId, @chatKey, @chatSealed, @isGroup, @lang, @messageId, @notBefore, @at)`,
  );
  const queueCorrection = db.prepare(
    `INSERT INTO delivery (kind, update_id, chat_key, chat_sealed, is_group, lang, message_id, payload, created_at)
     VALUES ('edit', @updateId, @chatKey, @chatSealed, @isGroup, @lang, @messageId, @payload, @at)`,
  );
  const cancelOfUpdate = db.prepare(
    "UPDATE delivery SET state = 'cancelled' WHERE update_id = ? AND state = 'pending' AND kind IN ('update', 'channel', 'edit')",
  );
  const deletionsOf = db.prepare(
    `INSERT INTO delivery (kind, update_id, chat_key, chat_sealed, is_group, lang, message_id, created_at)
         SELECT 'delete', update_id, chat_key, chat_sealed, is_group, lang, message_id, @at FROM delivery
         WHERE update_id = @id AND kind IN ('update', 'channel') AND state = 'sent'
           AND message_id IS NOT NULL AND sent_at > @since`,
  );
  const correctionsOf = db.prepare(
    `INSERT INTO delivery (kind, update_id, chat_key, chat_sealed, is_group, lang, message_id, payload, created_at)
         SELECT 'edit', update_id, chat_key, chat_sealed, is_group, lang, message_id,
                CASE kind WHEN 'channel' THEN 'channel' END, @at FROM delivery
         WHERE update_id = @id AND kind IN ('update', 'channel') AND state = 'sent'
           AND message_id IS NOT NULL AND sent_at > @since`,
  );
  // Digest messages that carried the update and whose ids Relay still holds (48 h): each gets an 'edit'
  // row holding the digest's plan, and is rendered again from it (delivery/jobs.ts).
  const digestCorrectionsOf = db.prepare(
    `INSERT INTO delivery (kind, update_id, chat_key, chat_sealed, is_group, lang, message_id, payload, created_at)
     SELECT 'edit', @id, chat_key, chat_sealed, is_group, lang, message_id, payload, @at FROM delivery d
     WHERE d.kind = 'digest' AND d.state = 'sent' AND d.message_id IS NOT NULL AND d.sent_at > @since
       AND EXISTS (SELECT 1 FROM json_each(d.payload, '$.ids') WHERE value = @id)`,
  );
  // A chat's rows: cancelled when it unsubscribes or is retired, deleted by /forget.
  // Sensitive deletions still go out after an unsubscribe: they protect the reader.
  const cancelPendingButDeletions = db.prepare<[Buffer]>(
    "UPDATE delivery SET state = 'cancelled' WHERE chat_key = ? AND state = 'pending' AND kind NOT IN ('delete')",
  );
  const cancelPendingOfChat = db.prepare<[Buffer]>(
    "UPDATE delivery SET state = 'cancelled' WHERE chat_key = ? AND state = 'pending'",
  );
  const deleteOfChat = db.prepare<[Buffer]>("DELETE FROM delivery WHERE chat_key = ?");
  // The dispatcher's steps on one row.
  const claim = db.prepare<[number]>(
    "UPDATE delivery SET state = 'sending', attempts = attempts + 1 WHERE id = ? AND state = 'pending'",
  );
  const setState = db.prepare("UPDATE delivery SET state = @state WHERE id = @id");
  const markSent = db.prepare(
    `UPDATE delivery SET state = 'sent', message_id = COALESCE(@messageId, message_id), sent_at = @at,
       content_version = COALESCE(@version, content_version) WHERE id = @id`,
  );
  const retry = db.prepare<[number]>("UPDATE delivery SET state = 'pending' WHERE id = ?");
  const resend = db.prepare<[number]>("UPDATE delivery SET state = 'pending', resent = 1 WHERE id = ?");
  const defer = db.prepare<[number, number]>(
    "UPDATE delivery SET not_before = MAX(not_before, ?) WHERE id = ? AND state = 'pending'",
  );
  const release = db.prepare<[number, number, number]>(
    "UPDATE delivery SET state = 'pending', not_before = ?, attempts = attempts - ? WHERE id = ? AND state = 'sending'",
  );
  const repend = db.prepare<[number]>(
    "UPDATE delivery SET state = 'pending', attempts = attempts - 1 WHERE id = ? AND state = 'sending'",
  );
  // Rows already queued for the new chat stay put (no OR IGNORE: it would hide a CHECK failure too).
  const follow = db.prepare(
    `UPDATE delivery SET chat_key = @key, chat_sealed = @sealed WHERE chat_key = @old AND state = 'pending'
           AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.chat_key = @key AND d.kind = delivery.kind
             AND d.update_id IS delivery.update_id AND d.part = delivery.part
             AND d.kind IN ('update', 'channel', 'publish', 'toc'))`,
  );
  // An outage was recognised: the failures that led to it were Telegram's, not the rows'.
  const refund = db.prepare<[number]>(
    "UPDATE delivery SET attempts = MAX(0, attempts - 1), not_before = 0 WHERE id = ? AND state = 'pending'",
  );
  const prune = db.prepare<[number]>(
    `DELETE FROM delivery WHERE state IN ('sent', 'failed', 'ambiguous', 'cancelled')
             AND COALESCE(sent_at, created_at) <= ?`,
  );

  return {
    toChannel: (v: { id: number; key: Buffer; sealed: Buffer; lang: string; at: number }) =>
      toChannel.run(v).changes,
    addChannelPost: (v: {
      kind: "publish" | "toc";
      id: number;
      part: number;
      key: Buffer;
      sealed: Buffer;
      lang: string;
      payload: string | null;
      at: number;
    }) => void addChannelPost.run(v),
    addDigestPart: (v: Record<string, unknown>) => void addDigestPart.run(v),
    /** An update a digest sends on its own; 0 when it was already queued for that chat. */
    addDigestSingle: (v: Record<string, unknown>) => addDigestSingle.run(v).changes,
    scheduleDelete: (v: Record<string, unknown>) => void scheduleDelete.run(v),
    queueCorrection: (v: Record<string, unknown>) => void queueCorrection.run(v),
    /** /retract: the update's pending rows and corrections stop; returns how many. */
    cancelOfUpdate: (updateId: number) => cancelOfUpdate.run(updateId).changes,
    /** /retract: a deletion for each message sent since `since`; returns how many. */
    deletionsOf: (v: { id: number; at: number; since: number }) => deletionsOf.run(v).changes,
    /** /edit: a correction for each message sent since `since`; returns how many. */
    correctionsOf: (v: { id: number; at: number; since: number }) => correctionsOf.run(v).changes,
    /** /retract and /edit: the digests sent since `since` that carried the update are rendered again. */
    digestCorrectionsOf: (v: { id: number; at: number; since: number }) => digestCorrectionsOf.run(v).changes,
    cancelPendingButDeletions: (chatKey: Buffer) => cancelPendingButDeletions.run(chatKey).changes,
    cancelPendingOfChat: (chatKey: Buffer) => cancelPendingOfChat.run(chatKey).changes,
    deleteOfChat: (chatKey: Buffer) => deleteOfChat.run(chatKey).changes,
    claim: (id: number) => claim.run(id).changes === 1,
    setState: (id: number, state: "failed" | "ambiguous" | "cancelled") => void setState.run({ id, state }),
    markSent: (v: { id: number; messageId: number | null; at: number; version: number | null }) =>
      markSent.run(v).changes,
    retry: (id: number) => void retry.run(id),
    resend: (id: number) => void resend.run(id),
    defer: (id: number, at: number) => void defer.run(at, id),
    release: (id: number, notBefore: number, charge: boolean) =>
      void release.run(notBefore, charge ? 0 : 1, id),
    /** The row in flight goes back to pending without using up an attempt (a chat migration). */
    repend: (id: number) => void repend.run(id),
    /** A chat's pending rows follow it to its new id, except those already queued there. */
    follow: (v: { key: Buffer; sealed: Buffer; old: Buffer }) => void follow.run(v),
    /** Gives back the attempt a pending row was charged, and lets it go at once. */
    refund: (id: number) => void refund.run(id),
    prune: (before: number) => prune.run(before).changes,
  };
}

export type DeliveryWrites = ReturnType<typeof deliveryWrites>;
