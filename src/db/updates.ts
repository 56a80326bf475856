import type { Lang } from "../core/article/model.js";
import type { Source, UpdateContent } from "../core/delivery/content.js";
import type { Identity } from "./identity.js";
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
  /** Digests planned to carry this update, and those delivered. */
  digestRecipients: number;
  digestSent: number;
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
  in_digests: number;
  digest_recipients: number;
  digest_sent: number;
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
  digestRecipients: r.digest_recipients,
  digestSent: r.digest_sent,
});

export interface ProgressWatch {
  id: number;
  chatSealed: Buffer;
  messageId: number;
  lang: Lang;
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
  // The recipients are a snapshot taken in the same transaction: whoever subscribes later is not included.
  // A private chat's id is its person's id, so /lang (the preference table) speaks for the subscriber
  // too; core/language.ts decides, through subscriber_lang (db/language-rule.ts).
  const fanOut = db.prepare(
    `INSERT INTO delivery (kind, update_id, chat_key, chat_sealed, is_group, lang, created_at)
     SELECT 'update', @id, s.chat_key, s.chat_sealed, s.is_group,
            subscriber_lang(s.lang, s.is_group, (SELECT p.lang FROM preference p WHERE p.user_key = s.chat_key)), @at
     FROM subscriber s WHERE s.cadence = 'instant'
     ${ONCE_PER_CHAT}`,
  );
  const toChannel = db.prepare(
    `INSERT INTO delivery (kind, update_id, chat_key, chat_sealed, is_group, lang, created_at)
     VALUES ('channel', @id, @key, @sealed, 1, @lang, @at)
     ${ONCE_PER_CHAT}`,
  );
  const setRecipients = db.prepare("UPDATE news_update SET recipients = recipients + @n WHERE id = @id");
  const addChannelPost = db.prepare(
    `INSERT INTO delivery (kind, update_id, part, chat_key, chat_sealed, is_group, lang, payload, created_at)
     VALUES (@kind, @id, @part, @key, @sealed, 1, @lang, @payload, @at)`,
  );
  const postsOf = db.prepare<[number], { payload: string; state: string; message_id: number | null }>(
    "SELECT payload, state, message_id FROM delivery WHERE update_id = ? AND kind = 'publish'",
  );
  const waitingBefore = db
    .prepare<[number, number], number>(
      `SELECT COUNT(*) FROM delivery WHERE update_id = ? AND state IN ('pending', 'sending')
       AND (kind = 'toc' OR (kind = 'publish' AND part < ?))`,
    )
    .pluck();
  const one = db.prepare<[number], Row>("SELECT * FROM news_update WHERE id = ?");
  const latest = db.prepare<[number], Row>("SELECT * FROM news_update ORDER BY id DESC LIMIT ?");
  // Digest messages that carried the update and whose ids Relay still holds (48 h): each gets an 'edit'
  // row holding the digest's plan, and is rendered again from it (jobs.ts).
  const reachDigests = db.prepare(
    `INSERT INTO delivery (kind, update_id, chat_key, chat_sealed, is_group, lang, message_id, payload, created_at)
     SELECT 'edit', @id, chat_key, chat_sealed, is_group, lang, message_id, payload, @at FROM delivery d
     WHERE d.kind = 'digest' AND d.state = 'sent' AND d.message_id IS NOT NULL AND d.sent_at > @since
       AND EXISTS (SELECT 1 FROM json_each(d.payload, '$.ids') WHERE value = @id)`,
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
    if ((u.kind ?? "update") === "update") recipients += fanOut.run({ id, at }).changes;
    if (u.channel && !u.sensitive && (u.kind ?? "update") === "update") {
      recipients += toChannel.run({
        id,
        key: ids.lookupKey(u.channel.chatId),
        sealed: ids.seal(u.channel.chatId),
        lang: u.channel.lang,
        at,
      }).changes;
    }
    setRecipients.run({ id, n: recipients });
    return { id, created: true, recipients };
  });

  const retract = db.transaction((id: number): Retraction | undefined => {
    const at = now();
    const u = one.get(id);
    if (!u) return undefined;
    db.prepare("UPDATE news_update SET retracted_at = COALESCE(retracted_at, ?) WHERE id = ?").run(at, id);
    const cancelled = db
      .prepare(
        "UPDATE delivery SET state = 'cancelled' WHERE update_id = ? AND state = 'pending' AND kind IN ('update', 'channel', 'edit')",
      )
      .run(id).changes;
    const deletions = db
      .prepare(
        `INSERT INTO delivery (kind, update_id, chat_key, chat_sealed, is_group, lang, message_id, created_at)
         SELECT 'delete', update_id, chat_key, chat_sealed, is_group, lang, message_id, @at FROM delivery
         WHERE update_id = @id AND kind IN ('update', 'channel') AND state = 'sent'
           AND message_id IS NOT NULL AND sent_at > @since`,
      )
      .run({ id, at, since: at - EDIT_WINDOW_MS }).changes;
    const tooOld = u.sent - deletions;
    const digests = reachDigests.run({ id, at, since: at - EDIT_WINDOW_MS }).changes;
    return {
      cancelled,
      deletions,
      tooOld: Math.max(0, tooOld),
      digests,
      digestsTooOld: Math.max(0, u.in_digests - digests),
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
    const edits = db
      .prepare(
        `INSERT INTO delivery (kind, update_id, chat_key, chat_sealed, is_group, lang, message_id, payload, created_at)
         SELECT 'edit', update_id, chat_key, chat_sealed, is_group, lang, message_id,
                CASE kind WHEN 'channel' THEN 'channel' END, @at FROM delivery
         WHERE update_id = @id AND kind IN ('update', 'channel') AND state = 'sent'
           AND message_id IS NOT NULL AND sent_at > @since`,
      )
      .run({ id, at, since: at - EDIT_WINDOW_MS }).changes;
    const digests = reachDigests.run({ id, at, since: at - EDIT_WINDOW_MS }).changes;
    return {
      edits,
      tooOld: Math.max(0, u.sent - edits),
      digests,
      digestsTooOld: Math.max(0, u.in_digests - digests),
    };
  });

  /** /publish: the article to the channel, one row per post then the contents, resumable like any delivery. */
  const publishArticle = db.transaction(
    (input: {
      draftKey: string;
      posts: Array<{ section: number; page: number }>;
      /** Offline files posted after the contents (publish rows with payload {file: i}). */
      files?: number;
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
        addChannelPost.run({ ...common, kind: "publish", part, payload: JSON.stringify(post) });
      addChannelPost.run({ ...common, kind: "toc", part: 0, payload: null });
      const files = input.files ?? 0;
      for (let file = 0; file < files; file++)
        addChannelPost.run({
          ...common,
          kind: "publish",
          part: input.posts.length + file,
          payload: JSON.stringify({ file }),
        });
      const recipients = input.posts.length + 1 + files;
      setRecipients.run({ id, n: recipients });
      return { id, created: true, recipients };
    },
  );

  return {
    publish,
    publishArticle,
    /** Message ids of each section's first post; undefined while any post is still pending. */
    firstPosts(id: number): Map<number, number> | undefined {
      // Pages only: the offline files come after the contents and must not hold them back.
      const rows = postsOf.all(id).filter((r) => "section" in (JSON.parse(r.payload) as object));
      if (rows.some((r) => r.state === "pending" || r.state === "sending")) return undefined;
      const first = new Map<number, number>();
      for (const r of rows) {
        const post = JSON.parse(r.payload) as { section: number; page: number };
        if (post.page === 1 && r.message_id !== null) first.set(post.section, r.message_id);
      }
      return first;
    },
    /** True once the contents and every earlier post are settled (sent or given up): file `part` may follow. */
    fileReady(id: number, part: number): boolean {
      return (waitingBefore.get(id, part) ?? 0) === 0;
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
