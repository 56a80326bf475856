import type { Lang } from "../core/article/model.js";
import type { Source, UpdateContent } from "../core/delivery/content.js";
import { deliveryWrites } from "./deliveries.js";
import type { Identity } from "./identity.js";
import type { Db } from "./open.js";
import { FAN_OUT_CHUNK, updateFanOut } from "./update-fan-out.js";

export interface Published {
  id: number;
  created: boolean;
  /** Rows queued so far: while fanningUpdates() lists the update, later chunks are still to come. */
  recipients: number;
}

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

/** Update texts are sealed like ids: a copied database shows neither what was sent nor to whom. */
export const seal = (ids: Identity, value: unknown): Buffer => ids.sealBytes(JSON.stringify(value));

/**
 * Publishing, the part of the updates repository (db/updates.ts) that creates news_update rows: an
 * update with the first chunk of its fan-out (the rest: db/update-fan-out.ts, driven by
 * delivery/fan-out.ts), or /publish's article posts, each in one transaction and once per draft.
 */
export function updatePublication(db: Db, ids: Identity, now: () => number, chunk = FAN_OUT_CHUNK) {
  const insert = db.prepare(
    `INSERT INTO news_update
       (kind, draft_key, content, source, sensitive, delete_after_s, created_at, progress_chat, progress_lang, progress_done)
     VALUES (@kind, @draftKey, @content, @source, @sensitive, @deleteAfter, @at, @progressChat, @progressLang, @progressDone)
     ON CONFLICT (draft_key) DO NOTHING`,
  );
  const byDraft = db.prepare<[string], number>("SELECT id FROM news_update WHERE draft_key = ?").pluck();
  const recipientsOf = db
    .prepare<[number], number>("SELECT recipients FROM news_update WHERE id = ?")
    .pluck();
  // The channel's row and the first chunk of subscribers are queued in the same transaction as the update.
  const write = deliveryWrites(db);
  const fanOut = updateFanOut(db, chunk);
  const setRecipients = db.prepare("UPDATE news_update SET recipients = recipients + @n WHERE id = @id");
  const postsOf = db.prepare<[number], { payload: string; state: string; message_id: number | null }>(
    "SELECT payload, state, message_id FROM delivery WHERE update_id = ? AND kind = 'publish'",
  );
  const waitingBefore = db
    .prepare<[number, number], number>(
      `SELECT COUNT(*) FROM delivery WHERE update_id = ? AND state IN ('pending', 'sending')
       AND (kind = 'toc' OR (kind = 'publish' AND part < ?))`,
    )
    .pluck();

  /** Inserts an update once per draft key: confirming a draft twice finds the first one. */
  const insertOnce = (values: Record<string, unknown>, draftKey: string) => {
    const inserted = insert.run(values);
    if (inserted.changes > 0) return { id: Number(inserted.lastInsertRowid), created: true as const };
    const id = byDraft.get(draftKey) as number;
    return { id, created: false as const, recipients: recipientsOf.get(id) as number };
  };

  const publish = db.transaction((u: NewUpdate): Published => {
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
    // The first chunk now (all of a small audience); the rest from delivery/fan-out.ts.
    const recipients = (u.kind ?? "update") === "update" ? fanOut.start(id, at).added : 0;
    let channel = 0;
    if (u.channel && !u.sensitive && (u.kind ?? "update") === "update") {
      channel = write.toChannel({
        id,
        key: ids.lookupKey(u.channel.chatId),
        sealed: ids.seal(u.channel.chatId),
        lang: u.channel.lang,
        at,
      });
    }
    setRecipients.run({ id, n: channel });
    return { id, created: true, recipients: recipients + channel };
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
        write.addChannelPost({ ...common, kind: "publish", part, payload: JSON.stringify(post) });
      write.addChannelPost({ ...common, kind: "toc", part: 0, payload: null });
      const files = input.files ?? 0;
      for (let file = 0; file < files; file++)
        write.addChannelPost({
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

  /** Message ids of each section's first post; undefined while any post is still pending. */
  const firstPosts = (id: number): Map<number, number> | undefined => {
    // Pages only: the offline files come after the contents and must not hold them back.
    const rows = postsOf.all(id).filter((r) => "section" in (JSON.parse(r.payload) as object));
    if (rows.some((r) => r.state === "pending" || r.state === "sending")) return undefined;
    const first = new Map<number, number>();
    for (const r of rows) {
      const post = JSON.parse(r.payload) as { section: number; page: number };
      if (post.page === 1 && r.message_id !== null) first.set(post.section, r.message_id);
    }
    return first;
  };

  /** True once the contents and every earlier post are settled (sent or given up): file `part` may follow. */
  const fileReady = (id: number, part: number): boolean => (waitingBefore.get(id, part) ?? 0) === 0;

  return {
    publish,
    publishArticle,
    firstPosts,
    fileReady,
    /** The next chunk of an update's fan-out, in its own transaction. */
    fanOutStep: (id: number) => fanOut.step(id, now()),
    /** Updates whose fan-out is still under way (to resume after a restart). */
    fanningUpdates: fanOut.active,
  };
}
