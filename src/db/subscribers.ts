import type { Lang } from "../core/article/model.js";
import { type Cadence, type DigestSchedule, isValidOffset, nextSlot } from "../core/delivery/digest-due.js";
import { forgetConversation } from "./conversations.js";
import { type Counters, counters } from "./counters.js";
import { deliveryWrites } from "./deliveries.js";
import type { Identity } from "./identity.js";
import type { Db } from "./open.js";

export interface Subscription {
  isGroup: boolean;
  lang: Lang;
  cadence: Cadence;
  hour: number;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  offsetMinutes: number;
  lastDigestAt?: number;
  nextDigestAt?: number;
  /** YYYY-MM-DD, UTC. */
  createdDay: string;
}

export type SettingsChange = Partial<
  Pick<Subscription, "lang" | "cadence" | "hour" | "weekday" | "offsetMinutes">
>;

interface Row {
  is_group: number;
  lang: Lang;
  cadence: Cadence;
  digest_hour: number;
  digest_weekday: number;
  utc_offset_min: number;
  last_digest_at: number | null;
  next_digest_at: number | null;
  created_day: string;
}

const toSubscription = (r: Row): Subscription => ({
  isGroup: r.is_group === 1,
  lang: r.lang,
  cadence: r.cadence,
  hour: r.digest_hour,
  weekday: r.digest_weekday,
  offsetMinutes: r.utc_offset_min,
  lastDigestAt: r.last_digest_at ?? undefined,
  nextDigestAt: r.next_digest_at ?? undefined,
  createdDay: r.created_day,
});

/** The next digest slot of a subscription, or null for instant delivery. */
export function nextDigestAt(
  s: Pick<Subscription, "cadence" | "hour" | "weekday" | "offsetMinutes">,
  now: number,
) {
  if (s.cadence === "instant") return null;
  const schedule: DigestSchedule = {
    cadence: s.cadence,
    hour: s.hour,
    weekday: s.weekday,
    offsetMinutes: s.offsetMinutes,
  };
  return nextSlot(schedule, now);
}

/**
 * The subscriber table's writes that other repositories run inside their own transactions (the outbox
 * retiring or moving a chat, the digest clock moving a schedule on): this module is its one writer.
 */
export function subscriberWrites(db: Db) {
  const count: Counters = counters(db);
  const deliveries = deliveryWrites(db);
  const remove = db.prepare<[Buffer]>("DELETE FROM subscriber WHERE chat_key = ?");
  const taken = db.prepare<[Buffer]>("SELECT 1 FROM subscriber WHERE chat_key = ?");
  const move = db.prepare<[Buffer, Buffer, Buffer]>(
    "UPDATE subscriber SET chat_key = ?, chat_sealed = ? WHERE chat_key = ?",
  );
  const advance = db.prepare(
    `UPDATE subscriber SET digest_after = MAX(digest_after, @cursor), last_digest_at = @slot, next_digest_at = @next
     WHERE chat_key = @key AND next_digest_at = @dueAt`,
  );
  return {
    /** Deletes a chat's subscription; false when there was none. */
    remove: (key: Buffer): boolean => remove.run(key).changes > 0,
    /** A chat that blocked or removed the bot: row deleted, pending deliveries cancelled, counted. */
    retire(key: Buffer): boolean {
      const gone = remove.run(key).changes > 0;
      deliveries.cancelPendingOfChat(key);
      if (gone) count.add("subscribers_lost");
      return gone;
    },
    /** The group became a supergroup: its subscription follows, unless the new id has one already. */
    move(oldKey: Buffer, key: Buffer, sealed: Buffer): void {
      if (taken.get(key) !== undefined) remove.run(oldKey);
      else move.run(key, sealed, oldKey);
    },
    /** Moves a digest schedule on, once: 0 when the subscriber changed since `dueAt`. */
    advanceDigest: (v: { key: Buffer; cursor: number; slot: number; next: number; dueAt: number }) =>
      advance.run(v).changes,
  };
}

/** Who receives updates, and how; every chat id sealed, found by its keyed hash. */
export function subscribers(db: Db, ids: Identity, now: () => number) {
  const write = subscriberWrites(db);
  const insert = db.prepare(
    `INSERT INTO subscriber (chat_key, chat_sealed, is_group, lang, digest_after, joined_after, created_day)
     VALUES (@key, @sealed, @isGroup, @lang, (SELECT COALESCE(MAX(id), 0) FROM news_update),
             (SELECT COALESCE(MAX(id), 0) FROM news_update), @day)
     ON CONFLICT (chat_key) DO NOTHING`,
  );
  const find = db.prepare<[Buffer], Row>("SELECT * FROM subscriber WHERE chat_key = ?");
  const deliveries = deliveryWrites(db);
  const save = db.prepare(
    `UPDATE subscriber SET lang = @lang, cadence = @cadence, digest_hour = @hour, digest_weekday = @weekday,
       utc_offset_min = @offsetMinutes, next_digest_at = @next,
       digest_after = CASE WHEN @fromInstant THEN (
         -- An update still being fanned out (db/update-fan-out.ts) may not have reached this chat yet:
         -- its digest starts before it, and skips what was queued for the chat on its own.
         SELECT COALESCE((SELECT MIN(id) - 1 FROM news_update WHERE fanout_active = 1), MAX(id), 0)
         FROM news_update) ELSE digest_after END
     WHERE chat_key = @key`,
  );
  const byLangCadence = db.prepare<[], { lang: Lang; cadence: Cadence; n: number }>(
    "SELECT lang, cadence, COUNT(*) AS n FROM subscriber GROUP BY lang, cadence",
  );

  const get = (chatId: number) => {
    const row = find.get(ids.lookupKey(chatId));
    return row ? toSubscription(row) : undefined;
  };

  const retireKey = db.transaction((key: Buffer): boolean => write.retire(key));

  return {
    /** Subscribes a chat at instant cadence; an existing subscription is left as it is. */
    subscribe(chatId: number, opts: { isGroup: boolean; lang: Lang }): "created" | "existing" {
      const created = insert.run({
        key: ids.lookupKey(chatId),
        sealed: ids.seal(chatId),
        isGroup: opts.isGroup ? 1 : 0,
        lang: opts.lang,
        day: new Date(now()).toISOString().slice(0, 10),
      }).changes;
      return created > 0 ? "created" : "existing";
    },

    /** Ends a subscription and its pending deliveries; false when there was none. */
    unsubscribe: db.transaction((chatId: number): boolean => {
      const key = ids.lookupKey(chatId);
      // Sensitive deletions still go out after an unsubscribe: they protect the reader.
      deliveries.cancelPendingButDeletions(key);
      return write.remove(key);
    }),

    get,

    /** Applies a settings change; leaving instant delivery starts the digest window. Undefined when not subscribed. */
    change(chatId: number, change: SettingsChange): Subscription | undefined {
      const current = get(chatId);
      if (!current) return undefined;
      const next = { ...current, ...change };
      if (!isValidOffset(next.offsetMinutes))
        throw new RangeError("UTC offset must be a multiple of 15 minutes");
      save.run({
        key: ids.lookupKey(chatId),
        lang: next.lang,
        cadence: next.cadence,
        hour: next.hour,
        weekday: next.weekday,
        offsetMinutes: next.offsetMinutes,
        next: nextDigestAt(next, now()),
        // From instant to a digest, the digest starts now (earlier updates went out on their own);
        // from daily to weekly or back, what is not yet digested stays for the next digest.
        fromInstant: current.cadence === "instant" && next.cadence !== "instant" ? 1 : 0,
      });
      return get(chatId);
    },

    /** Retires a chat that blocked or removed the bot: row deleted, pending deliveries cancelled, counted. */
    retire: (chatId: number): boolean => retireKey(ids.lookupKey(chatId)),
    retireKey,

    /** Subscribers by language and cadence, for /stats. */
    breakdown: () => byLangCadence.all(),
  };
}

export type Subscribers = ReturnType<typeof subscribers>;

export interface ForgottenChat {
  subscription: boolean;
  /** Outbox rows deleted (pending deliveries and the record of recent ones). */
  deliveries: number;
  conversation: boolean;
  /** Messages Relay sent to this chat in the last 48 hours: the caller deletes them from the chat. */
  messageIds: number[];
}

/**
 * /forget for one chat, in one transaction: its subscription, every outbox row about it (pending or
 * recent) and its conversation state. Returns the ids of messages sent there in the last 48 hours.
 */
export function forgetChat(db: Db, ids: Identity, chatId: number, now: number): ForgottenChat {
  const key = ids.lookupKey(chatId);
  return db.transaction((): ForgottenChat => {
    const messageIds = db
      .prepare<[Buffer, number], number>(
        `SELECT DISTINCT message_id FROM delivery WHERE chat_key = ? AND state = 'sent' AND message_id IS NOT NULL
           AND kind IN ('update', 'digest') AND sent_at > ? ORDER BY message_id`,
      )
      .pluck()
      .all(key, now - 48 * 3_600_000);
    const subscription = subscriberWrites(db).remove(key);
    const deliveries = deliveryWrites(db).deleteOfChat(key);
    const conversation = forgetConversation(db, ids, chatId);
    return { subscription, deliveries, conversation, messageIds };
  })();
}
