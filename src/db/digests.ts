import type { Lang } from "../core/article/model.js";
import type { Cadence } from "../core/delivery/digest-due.js";
import { deliveryWrites } from "./deliveries.js";
import type { Db } from "./open.js";
import { subscriberWrites } from "./subscribers.js";
import { updateWrites } from "./updates.js";

export interface DueDigest {
  chatKey: Buffer;
  chatSealed: Buffer;
  isGroup: boolean;
  lang: Lang;
  cadence: Exclude<Cadence, "instant">;
  hour: number;
  weekday: number;
  offsetMinutes: number;
  /** Updates with a larger id are new to this subscriber's digest. */
  after: number;
  /** The slot the row was due at: the commit checks it did not change meanwhile. */
  dueAt: number;
}

export interface DigestPlan {
  /** Text parts: update ids per message, whether the message opens with the header, and the digest's size. */
  parts: Array<{ ids: number[]; header: boolean }>;
  /** Updates that go as their own message (sensitive ones, media): ordinary deliveries of that update. */
  singles: number[];
  /** Highest update id considered: the next digest starts after it. */
  cursor: number;
  /** The slot this digest is for, and the next one. */
  slot: number;
  next: number;
}

/** Digest subscribers whose slot has come, and the one transaction that turns a plan into outbox rows. */
export function digests(db: Db, now: () => number) {
  const due = db.prepare<[number, number]>(
    `SELECT s.chat_key, s.chat_sealed, s.is_group, s.cadence, s.digest_hour, s.digest_weekday, s.utc_offset_min,
            s.digest_after, s.next_digest_at,
            subscriber_lang(s.lang, s.is_group, NULL) AS lang
     FROM subscriber s
     WHERE s.next_digest_at IS NOT NULL AND s.next_digest_at <= ? ORDER BY s.next_digest_at LIMIT ?`,
  );
  // Published after the window opened, not retracted, and not already delivered to this chat on its own.
  // The IN term repeats delivery_once's partial-index condition so SQLite can use that index (one
  // lookup per update) instead of walking every recipient of each update: O(due × recipients) at 1M.
  const fresh = db.prepare<[number, Buffer], { id: number }>(
    `SELECT id FROM news_update u
     WHERE kind = 'update' AND id > ? AND retracted_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM delivery d
         WHERE d.kind = 'update' AND d.kind IN ('update', 'channel', 'publish', 'toc')
           AND d.update_id = u.id AND d.chat_key = ?)
     ORDER BY id`,
  );
  const write = deliveryWrites(db);
  const subscriber = subscriberWrites(db);
  const news = updateWrites(db);

  return {
    due: (at: number, limit = 500): DueDigest[] =>
      (due.all(at, limit) as Array<Record<string, unknown>>).map((r) => ({
        chatKey: r.chat_key as Buffer,
        chatSealed: r.chat_sealed as Buffer,
        isGroup: r.is_group === 1,
        lang: r.lang as Lang,
        cadence: r.cadence as "daily" | "weekly",
        hour: r.digest_hour as number,
        weekday: r.digest_weekday as number,
        offsetMinutes: r.utc_offset_min as number,
        after: r.digest_after as number,
        dueAt: r.next_digest_at as number,
      })),

    /** Update ids this subscriber's digest would carry now. */
    freshFor: (d: DueDigest) => fresh.all(d.after, d.chatKey).map((r) => r.id),

    /** Enqueues the digest and moves the schedule on, once: false if the subscriber changed meanwhile. */
    commit: db.transaction((d: DueDigest, plan: DigestPlan): boolean => commitOne(d, plan)),

    /** A batch of digests in one transaction (one commit, not one per digest): which ones moved on. */
    commitAll: db.transaction((batch: Array<{ digest: DueDigest; plan: DigestPlan }>): boolean[] =>
      batch.map((b) => commitOne(b.digest, b.plan)),
    ),
  };

  function commitOne(d: DueDigest, plan: DigestPlan): boolean {
    const moved = subscriber.advanceDigest({
      key: d.chatKey,
      cursor: plan.cursor,
      slot: plan.slot,
      next: plan.next,
      dueAt: d.dueAt,
    });
    if (moved === 0) return false;
    const at = now();
    const common = { key: d.chatKey, sealed: d.chatSealed, isGroup: d.isGroup ? 1 : 0, lang: d.lang, at };
    for (const id of plan.singles) if (write.addDigestSingle({ ...common, id }) > 0) news.countRecipient(id);
    const total = plan.parts.reduce((n, p) => n + p.ids.length, 0);
    for (const [part, p] of plan.parts.entries()) {
      write.addDigestPart({
        ...common,
        part,
        payload: JSON.stringify({ ids: p.ids, header: p.header, total }),
      });
      for (const id of p.ids) news.countDigestRecipient(id);
    }
    return true;
  }
}

export type Digests = ReturnType<typeof digests>;
