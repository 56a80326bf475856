import type { Source, UpdateContent } from "../core/delivery/content.js";
import { deliveryWrites, EDIT_WINDOW_MS } from "./deliveries.js";
import type { Identity } from "./identity.js";
import type { Db } from "./open.js";
import { updateProgress } from "./update-progress.js";
import { seal, updatePublication } from "./update-publication.js";

/** Relay holds a message id 48 hours (db/deliveries.ts): /edit and /retract reach that window. */
export { EDIT_WINDOW_MS } from "./deliveries.js";

export interface StoredUpdate {
  id: number;
  kind: "update" | "article";
  content: UpdateContent;
  source?: Source;
  sensitive: boolean;
  deleteAfterSeconds?: number;
  /** Bumped by each /edit: a delivery that carried an older one gets a correction. */
  version: number;
  createdAt: number;
  editedAt?: number;
  retractedAt?: number;
  recipients: number;
  sent: number;
  failed: number;
  resent: number;
  /** Digests planned to carry this update, and those delivered. */
  digestRecipients: number;
  digestSent: number;
}

/** An update's version, creation time and whether it was retracted: cheap to read, for every delivery. */
export interface UpdateStamp {
  version: number;
  createdAt: number;
  retracted: boolean;
}

/** What /retract did: standalone messages, then the digests that carried the update. */
export interface Retraction {
  cancelled: number;
  deletions: number;
  tooOld: number;
  /** Digest messages being edited (or deleted, when it was their only item) to remove it. */
  digests: number;
  /** Digest messages sent more than 48 h ago: Relay no longer knows them, they still show it. */
  digestsTooOld: number;
  /** Digests not sent yet: they go without it. */
  digestsPending: number;
}

/** What /edit did: standalone messages, then the digests that carried the update. */
export interface Correction {
  edits: number;
  tooOld: number;
  digests: number;
  digestsTooOld: number;
}

interface Row {
  id: number;
  kind: "update" | "article";
  content: Buffer;
  source: Buffer | null;
  sensitive: number;
  delete_after_s: number | null;
  version: number;
  created_at: number;
  edited_at: number | null;
  retracted_at: number | null;
  recipients: number;
  sent: number;
  failed: number;
  resent: number;
  digest_recipients: number;
  digest_sent: number;
}

/** Update texts are sealed like ids (db/update-publication.ts seals them). */
const open = <T>(ids: Identity, blob: Buffer): T => JSON.parse(ids.openBytes(blob).toString("utf8")) as T;

const toUpdate = (ids: Identity, r: Row): StoredUpdate => ({
  id: r.id,
  kind: r.kind,
  content: open<UpdateContent>(ids, r.content),
  source: r.source ? open<Source>(ids, r.source) : undefined,
  sensitive: r.sensitive === 1,
  deleteAfterSeconds: r.delete_after_s ?? undefined,
  version: r.version,
  createdAt: r.created_at,
  editedAt: r.edited_at ?? undefined,
  retractedAt: r.retracted_at ?? undefined,
  recipients: r.recipients,
  sent: r.sent,
  failed: r.failed,
  resent: r.resent,
  digestRecipients: r.digest_recipients,
  digestSent: r.digest_sent,
});

export type { ProgressWatch } from "./update-progress.js";
export type { NewUpdate, Published } from "./update-publication.js";

/**
 * The news_update table's writes that other repositories run inside their own transactions (an outcome
 * counted by the outbox, a digest's extra recipient, /forget dropping a progress chat): this module is
 * its one writer.
 */
export function updateWrites(db: Db) {
  const sent = db.prepare<[number, number | null]>("UPDATE news_update SET sent = sent + ? WHERE id = ?");
  const failed = db.prepare<[number | null]>("UPDATE news_update SET failed = failed + 1 WHERE id = ?");
  const resent = db.prepare<[number]>("UPDATE news_update SET resent = resent + 1 WHERE id = ?");
  const recipient = db.prepare<[number]>("UPDATE news_update SET recipients = recipients + 1 WHERE id = ?");
  const digestRecipient = db.prepare<[number]>(
    "UPDATE news_update SET digest_recipients = digest_recipients + 1 WHERE id = ?",
  );
  const digestSent = db.prepare<[number, number]>(
    "UPDATE news_update SET digest_sent = digest_sent + ? WHERE id = ?",
  );
  return {
    /** One more delivery of the update sent, or failed for good. */
    count: (id: number | null, outcome: "sent" | "failed") =>
      void (outcome === "sent" ? sent.run(1, id) : failed.run(id)),
    /** `by` more deliveries of the update sent (the outbox records a batch of answers at once). */
    countSent: (id: number | null, by: number) => void sent.run(by, id),
    countResent: (id: number) => void resent.run(id),
    countRecipient: (id: number) => void recipient.run(id),
    /** A digest part planned to carry the update. */
    countDigestRecipient: (id: number) => void digestRecipient.run(id),
    /** A digest part carrying the update was delivered: /updates shows it, /retract and /edit count what they could not reach. */
    countDigestSent: (id: number, by = 1) => void digestSent.run(by, id),
    /** The progress message's chat is forgotten: no summary goes there any more. */
    dropProgress: updateProgress(db).dropProgress,
  };
}

/**
 * Operator updates: publishing (one transaction, idempotent; db/update-publication.ts), reading,
 * retracting, editing and the progress message (db/update-progress.ts).
 */
export function updates(db: Db, ids: Identity, now: () => number, options: { fanOutChunk?: number } = {}) {
  // Deliveries are queued in the same transaction as the update (db/deliveries.ts writes them).
  const write = deliveryWrites(db);
  const progress = updateProgress(db);
  const publication = updatePublication(db, ids, now, options.fanOutChunk);
  const one = db.prepare<[number], Row>("SELECT * FROM news_update WHERE id = ?");
  const latest = db.prepare<[number], Row>("SELECT * FROM news_update ORDER BY id DESC LIMIT ?");
  const stampOf = db.prepare<[number], { version: number; created_at: number; retracted_at: number | null }>(
    "SELECT version, created_at, retracted_at FROM news_update WHERE id = ?",
  );
  const pendingDigests = db
    .prepare<{ id: number }, number>(
      `SELECT COUNT(*) FROM delivery d WHERE d.kind = 'digest' AND d.state IN ('pending', 'sending')
         AND EXISTS (SELECT 1 FROM json_each(d.payload, '$.ids') WHERE value = @id)`,
    )
    .pluck();
  const pendingOf = db
    .prepare<[number], number>(
      `SELECT COUNT(*) FROM delivery WHERE update_id = ? AND kind IN ('update', 'channel', 'publish', 'toc')
       AND state IN ('pending', 'sending')`,
    )
    .pluck();

  const retract = db.transaction((id: number): Retraction | undefined => {
    const at = now();
    const u = one.get(id);
    if (!u) return undefined;
    db.prepare("UPDATE news_update SET retracted_at = COALESCE(retracted_at, ?) WHERE id = ?").run(at, id);
    const cancelled = write.cancelOfUpdate(id);
    const deletions = write.deletionsOf({ id, at, since: at - EDIT_WINDOW_MS });
    const tooOld = u.sent - deletions;
    const digests = write.digestCorrectionsOf({ id, at, since: at - EDIT_WINDOW_MS });
    return {
      cancelled,
      deletions,
      tooOld: Math.max(0, tooOld),
      digests,
      digestsTooOld: Math.max(0, u.digest_sent - digests),
      digestsPending: pendingDigests.get({ id }) ?? 0,
    };
  });

  const edit = db.transaction((id: number, content: UpdateContent): Correction | undefined => {
    const at = now();
    const u = one.get(id);
    if (!u || u.retracted_at !== null) return undefined;
    db.prepare("UPDATE news_update SET content = ?, edited_at = ?, version = version + 1 WHERE id = ?").run(
      seal(ids, content),
      at,
      id,
    );
    const edits = write.correctionsOf({ id, at, since: at - EDIT_WINDOW_MS });
    const digests = write.digestCorrectionsOf({ id, at, since: at - EDIT_WINDOW_MS });
    return {
      edits,
      tooOld: Math.max(0, u.sent - edits),
      digests,
      digestsTooOld: Math.max(0, u.digest_sent - digests),
    };
  });

  return {
    publish: publication.publish,
    publishArticle: publication.publishArticle,
    firstPosts: publication.firstPosts,
    fileReady: publication.fileReady,
    fanOutStep: publication.fanOutStep,
    fanningUpdates: publication.fanningUpdates,
    get: (id: number) => {
      const r = one.get(id);
      return r ? toUpdate(ids, r) : undefined;
    },
    /** What tells one state of an update from another without opening it (delivery caches renderings by it). */
    stamp: (id: number): UpdateStamp | undefined => {
      const r = stampOf.get(id);
      return r && { version: r.version, createdAt: r.created_at, retracted: r.retracted_at !== null };
    },
    /** The most recent updates with what is still pending, for /updates. */
    recent: (limit: number) =>
      latest.all(limit).map((r) => ({ ...toUpdate(ids, r), pending: pendingOf.get(r.id) ?? 0 })),
    pending: (id: number) => pendingOf.get(id) ?? 0,
    /** Stops pending deliveries and deletes what Telegram still allows (48 h). */
    retract,
    /** Replaces the content and edits what was delivered within the ids' 48 h; undefined if unknown or retracted. */
    edit,
    /** True when at least one message carrying this update (alone or in a digest) can still be edited. */
    withinEditWindow: (id: number) =>
      db
        .prepare<{ id: number; since: number }, number>(
          `SELECT EXISTS (SELECT 1 FROM delivery WHERE update_id = @id AND state = 'sent'
                            AND message_id IS NOT NULL AND sent_at > @since)
               OR EXISTS (SELECT 1 FROM delivery d WHERE d.kind = 'digest' AND d.state = 'sent'
                            AND d.message_id IS NOT NULL AND d.sent_at > @since
                            AND EXISTS (SELECT 1 FROM json_each(d.payload, '$.ids') WHERE value = @id))`,
        )
        .pluck()
        .get({ id, since: now() - EDIT_WINDOW_MS }) === 1,
    setProgressMessage: progress.setProgressMessage,
    watched: progress.watched,
    finishProgress: progress.finishProgress,
    /** Updates older than the retention period go, with their deliveries, once nothing of them is pending. */
    purgeBefore: (at: number) =>
      db
        .prepare(
          `DELETE FROM news_update WHERE created_at < ? AND NOT EXISTS
             (SELECT 1 FROM delivery d WHERE d.update_id = news_update.id AND d.state IN ('pending', 'sending'))`,
        )
        .run(at).changes,
    totals: () =>
      db
        .prepare<[], { updates: number; sent: number; failed: number }>(
          "SELECT COUNT(*) AS updates, COALESCE(SUM(sent), 0) AS sent, COALESCE(SUM(failed), 0) AS failed FROM news_update WHERE kind = 'update'",
        )
        .get() as { updates: number; sent: number; failed: number },
  };
}

export type Updates = ReturnType<typeof updates>;
export type UpdateWrites = ReturnType<typeof updateWrites>;
