import type { Lang } from "../core/article/model.js";
import type { Source, UpdateContent } from "../core/delivery/content.js";
import { deliveryWrites, EDIT_WINDOW_MS } from "./deliveries.js";
import type { Identity } from "./identity.js";
import type { Db } from "./open.js";

export interface NewUpdate {
  /** Random id of the draft: confirming the same draft twice publishes it once. */
  draftKey: string;
  kind?: "update" | "article";
  content: UpdateContent;
  source?: Source;
  sensitive: boolean;
  /** Sensitive only: seconds after each delivery when it is deleted from that chat. */
  deleteAfterSeconds?: number;
  /** The operator's chat and language, for the progress message. */
  progress?: { chatId: number; lang: Lang };
  /** The channel (CHANNEL_ID) gets non-sensitive updates too, in its language. */
  channel?: { chatId: number | string; lang: Lang };
}

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
}

/** Update texts are sealed like ids: a copied database shows neither what was sent nor to whom. */
const open = <T>(ids: Identity, blob: Buffer): T => JSON.parse(ids.openBytes(blob).toString("utf8")) as T;
const seal = (ids: Identity, value: unknown): Buffer => ids.sealBytes(JSON.stringify(value));

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
});

export interface ProgressWatch {
  id: number;
  chatSealed: Buffer;
  messageId: number;
  lang: Lang;
}

/**
 * The news_update table's writes that other repositories run inside their own transactions (an outcome
 * counted by the outbox, a digest's extra recipient, /forget dropping a progress chat): this module is
 * its one writer.
 */
export function updateWrites(db: Db) {
  const sent = db.prepare<[number | null]>("UPDATE news_update SET sent = sent + 1 WHERE id = ?");
  const failed = db.prepare<[number | null]>("UPDATE news_update SET failed = failed + 1 WHERE id = ?");
  const resent = db.prepare<[number]>("UPDATE news_update SET resent = resent + 1 WHERE id = ?");
  const recipient = db.prepare<[number]>("UPDATE news_update SET recipients = recipients + 1 WHERE id = ?");
  const dropProgress = db.prepare<[number]>(
    "UPDATE news_update SET progress_chat = NULL, progress_done = 1 WHERE id = ?",
  );
  return {
    /** One more delivery of the update sent, or failed for good. */
    count: (id: number | null, outcome: "sent" | "failed") =>
      void (outcome === "sent" ? sent : failed).run(id),
    countResent: (id: number) => void resent.run(id),
    countRecipient: (id: number) => void recipient.run(id),
    /** The progress message's chat is forgotten: no summary goes there any more. */
    dropProgress: (id: number) => void dropProgress.run(id),
  };
}

/** Operator updates: publishing (one transaction, idempotent), reading, retracting and editing. */
export function updates(db: Db, ids: Identity, now: () => number) {
  const insert = db.prepare(
    `INSERT INTO news_update
       (kind, draft_key, content, source, sensitive, delete_after_s, created_at, progress_chat, progress_lang, progress_done)
     VALUES (@kind, @draftKey, @content, @source, @sensitive, @deleteAfter, @at, @progressChat, @progressLang, @progressDone)
     ON CONFLICT (draft_key) DO NOTHING`,
  );
  const byDraft = db.prepare<[string], number>("SELECT id FROM news_update WHERE draft_key = ?").pluck();
  // Deliveries are queued in the same transaction as the update (db/deliveries.ts writes them).
  const write = deliveryWrites(db);
  const setRecipients = db.prepare("UPDATE news_update SET recipients = recipients + @n WHERE id = @id");
  const postsOf = db.prepare<[number], { payload: string; state: string; message_id: number | null }>(
    "SELECT payload, state, message_id FROM delivery WHERE update_id = ? AND kind = 'publish'",
  );
  const one = db.prepare<[number], Row>("SELECT * FROM news_update WHERE id = ?");
  const latest = db.prepare<[number], Row>("SELECT * FROM news_update ORDER BY id DESC LIMIT ?");
  const pendingOf = db
    .prepare<[number], number>(
      `SELECT COUNT(*) FROM delivery WHERE update_id = ? AND kind IN ('update', 'channel', 'publish', 'toc')
       AND state IN ('pending', 'sending')`,
    )
    .pluck();

  /** Inserts an update once per draft key: confirming a draft twice finds the first one. */
  const insertOnce = (values: Record<string, unknown>, draftKey: string) => {
    const inserted = insert.run(values);
    if (inserted.changes > 0) return { id: Number(inserted.lastInsertRowid), created: true as const };
    const id = byDraft.get(draftKey) as number;
    return { id, created: false as const, recipients: (one.get(id) as Row).recipients };
  };

  const publish = db.transaction((u: NewUpdate): { id: number; created: boolean; recipients: number } => {
    const at = now();
    const stored = insertOnce(
      {
        kind: u.kind ?? "update",
        draftKey: u.draftKey,
        content: seal(ids, u.content),
        source: u.source ? seal(ids, u.source) : null,
        sensitive: u.sensitive ? 1 : 0,
        deleteAfter: u.sensitive ? (u.deleteAfterSeconds ?? null) : null,
        at,
        progressChat: u.progress ? ids.seal(u.progress.chatId) : null,
        progressLang: u.progress?.lang ?? null,
        progressDone: u.progress ? 0 : 1,
      },
      u.draftKey,
    );
    if (!stored.created) return stored;
    const { id } = stored;
    let recipients = 0;
    if ((u.kind ?? "update") === "update") recipients += write.fanOut({ id, at });
    if (u.channel && !u.sensitive && (u.kind ?? "update") === "update") {
      recipients += write.toChannel({
        id,
        key: ids.lookupKey(u.channel.chatId),
        sealed: ids.seal(u.channel.chatId),
        lang: u.channel.lang,
        at,
      });
    }
    setRecipients.run({ id, n: recipients });
    return { id, created: true, recipients };
  });

  const retract = db.transaction(
    (id: number): { cancelled: number; deletions: number; tooOld: number } | undefined => {
      const at = now();
      const u = one.get(id);
      if (!u) return undefined;
      db.prepare("UPDATE news_update SET retracted_at = COALESCE(retracted_at, ?) WHERE id = ?").run(at, id);
      const cancelled = write.cancelOfUpdate(id);
      const deletions = write.deletionsOf({ id, at, since: at - EDIT_WINDOW_MS });
      const tooOld = u.sent - deletions;
      return { cancelled, deletions, tooOld: Math.max(0, tooOld) };
    },
  );

  const edit = db.transaction(
    (id: number, content: UpdateContent): { edits: number; tooOld: number } | undefined => {
      const at = now();
      const u = one.get(id);
      if (!u || u.retracted_at !== null) return undefined;
      db.prepare("UPDATE news_update SET content = ?, edited_at = ?, version = version + 1 WHERE id = ?").run(
        seal(ids, content),
        at,
        id,
      );
      const edits = write.correctionsOf({ id, at, since: at - EDIT_WINDOW_MS });
      return { edits, tooOld: Math.max(0, u.sent - edits) };
    },
  );

  /** /publish: the article to the channel, one row per post then the contents, resumable like any delivery. */
  const publishArticle = db.transaction(
    (input: {
      draftKey: string;
      posts: Array<{ section: number; page: number }>;
      channel: { chatId: number | string; lang: Lang };
      progress?: { chatId: number; lang: Lang };
    }): { id: number; created: boolean; recipients: number } => {
      const at = now();
      const stored = insertOnce(
        {
          kind: "article",
          draftKey: input.draftKey,
          content: seal(ids, { original: input.channel.lang, bodies: {} }),
          source: null,
          sensitive: 0,
          deleteAfter: null,
          at,
          progressChat: input.progress ? ids.seal(input.progress.chatId) : null,
          progressLang: input.progress?.lang ?? null,
          progressDone: input.progress ? 0 : 1,
        },
        input.draftKey,
      );
      if (!stored.created) return stored;
      const { id } = stored;
      const common = {
        id,
        key: ids.lookupKey(input.channel.chatId),
        sealed: ids.seal(input.channel.chatId),
        lang: input.channel.lang,
        at,
      };
      for (const [part, post] of input.posts.entries())
        write.addChannelPost({ ...common, kind: "publish", part, payload: JSON.stringify(post) });
      write.addChannelPost({ ...common, kind: "toc", part: 0, payload: null });
      setRecipients.run({ id, n: input.posts.length + 1 });
      return { id, created: true, recipients: input.posts.length + 1 };
    },
  );

  return {
    publish,
    publishArticle,
    /** Message ids of each section's first post; undefined while any post is still pending. */
    firstPosts(id: number): Map<number, number> | undefined {
      const rows = postsOf.all(id);
      if (rows.some((r) => r.state === "pending" || r.state === "sending")) return undefined;
      const first = new Map<number, number>();
      for (const r of rows) {
        const post = JSON.parse(r.payload) as { section: number; page: number };
        if (post.page === 1 && r.message_id !== null) first.set(post.section, r.message_id);
      }
      return first;
    },
    get: (id: number) => {
      const r = one.get(id);
      return r ? toUpdate(ids, r) : undefined;
    },
    /** The most recent updates with what is still pending, for /updates. */
    recent: (limit: number) =>
      latest.all(limit).map((r) => ({ ...toUpdate(ids, r), pending: pendingOf.get(r.id) ?? 0 })),
    pending: (id: number) => pendingOf.get(id) ?? 0,
    /** Stops pending deliveries and deletes what Telegram still allows (48 h). */
    retract,
    /** Replaces the content and edits what was delivered within the ids' 48 h; undefined if unknown or retracted. */
    edit,
    /** True when at least one delivery of this update can still be edited or deleted. */
    withinEditWindow: (id: number) =>
      (db
        .prepare<[number, number], number>(
          "SELECT COUNT(*) FROM delivery WHERE update_id = ? AND state = 'sent' AND message_id IS NOT NULL AND sent_at > ?",
        )
        .pluck()
        .get(id, now() - EDIT_WINDOW_MS) ?? 0) > 0,
    setProgressMessage(id: number, messageId: number): void {
      db.prepare("UPDATE news_update SET progress_message_id = ? WHERE id = ?").run(messageId, id);
    },
    /** Broadcasts whose operator is still waiting for a final summary. */
    watched: (): ProgressWatch[] =>
      db
        .prepare<[], { id: number; progress_chat: Buffer; progress_message_id: number; progress_lang: Lang }>(
          `SELECT id, progress_chat, progress_message_id, progress_lang FROM news_update
           WHERE progress_done = 0 AND progress_message_id IS NOT NULL AND progress_chat IS NOT NULL`,
        )
        .all()
        .map((r) => ({
          id: r.id,
          chatSealed: r.progress_chat,
          messageId: r.progress_message_id,
          lang: r.progress_lang,
        })),
    /** The final summary was shown: the operator's sealed chat id is no longer needed. */
    finishProgress(id: number): void {
      db.prepare("UPDATE news_update SET progress_done = 1, progress_chat = NULL WHERE id = ?").run(id);
    },
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
