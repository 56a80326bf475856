import type { Lang } from "../core/article/model.js";
import { MAX_ATTEMPTS } from "../core/delivery/retry-class.js";
import { type CounterName, type Counters, counters } from "./counters.js";
import { deliveryWrites, EDIT_WINDOW_MS } from "./deliveries.js";
import type { Identity } from "./identity.js";
import type { Db } from "./open.js";
import { subscriberWrites } from "./subscribers.js";
import { type UpdateWrites, updateWrites } from "./updates.js";

export type DeliveryKind = "update" | "channel" | "digest" | "edit" | "delete" | "publish" | "toc";

export interface DeliveryRow {
  id: number;
  kind: DeliveryKind;
  updateId: number | null;
  part: number;
  chatKey: Buffer;
  chatSealed: Buffer;
  isGroup: boolean;
  lang: Lang;
  payload: string | null;
  attempts: number;
  resent: boolean;
  messageId: number | null;
}

interface Row {
  id: number;
  kind: DeliveryKind;
  update_id: number | null;
  part: number;
  chat_key: Buffer;
  chat_sealed: Buffer;
  is_group: number;
  lang: Lang;
  payload: string | null;
  attempts: number;
  resent: number;
  message_id: number | null;
}

const toDelivery = (r: Row): DeliveryRow => ({
  id: r.id,
  kind: r.kind,
  updateId: r.update_id,
  part: r.part,
  chatKey: r.chat_key,
  chatSealed: r.chat_sealed,
  isGroup: r.is_group === 1,
  lang: r.lang,
  payload: r.payload,
  attempts: r.attempts,
  resent: r.resent === 1,
  messageId: r.message_id,
});

/** The counters a row's outcome goes to: its update's columns, or a named counter. */
function tally(news: UpdateWrites, count: Counters, row: DeliveryRow, outcome: "sent" | "failed") {
  if (outcome === "sent") return new SentTally().add(row).write(news, count);
  switch (row.kind) {
    case "digest":
      return count.add("digests_failed");
    case "edit":
      return count.add("edits_failed");
    case "delete":
      return count.add("deletions_failed");
    default:
      news.count(row.updateId, outcome);
  }
}

/** The sends of a batch of answers, summed: one write per update and counter rather than one per row. */
class SentTally {
  private readonly updates = new Map<number | null, number>();
  private readonly digestItems = new Map<number, number>();
  private readonly named = new Map<CounterName, number>();

  add(row: DeliveryRow): this {
    switch (row.kind) {
      case "digest":
        // Each update the part carries counts one digest delivery (shown by /updates).
        for (const id of (JSON.parse(row.payload ?? "{}") as { ids?: number[] }).ids ?? [])
          this.digestItems.set(id, (this.digestItems.get(id) ?? 0) + 1);
        return this.name("digests_sent");
      case "edit":
        return this.name("edits_sent");
      case "delete":
        return this.name("deletions_sent");
      default:
        this.updates.set(row.updateId, (this.updates.get(row.updateId) ?? 0) + 1);
        return this;
    }
  }

  write(news: UpdateWrites, count: Counters): void {
    for (const [id, n] of this.updates) news.countSent(id, n);
    for (const [id, n] of this.digestItems) news.countDigestSent(id, n);
    for (const [name, n] of this.named) count.add(name, n);
  }

  private name(name: CounterName): this {
    this.named.set(name, (this.named.get(name) ?? 0) + 1);
    return this;
  }
}

/** One answer to record: the row sent, the message id Telegram gave, the content version it carried. */
export interface SentOutcome {
  row: DeliveryRow;
  messageId: number | undefined;
  contentVersion?: number;
}

/**
 * The outbox as the dispatcher works it: claim a row, send, then record Telegram's answer.
 * A row is 'sending' only while its request is in flight; found so at start-up, its outcome is unknown.
 */
export function outbox(db: Db, ids: Identity, now: () => number) {
  const count = counters(db);
  const write = deliveryWrites(db);
  const subscriber = subscriberWrites(db);
  const news = updateWrites(db);
  const ready = db.prepare<[number, number], Row>(
    "SELECT * FROM delivery WHERE state = 'pending' AND not_before <= ? ORDER BY not_before, id LIMIT ?",
  );
  const nextDue = db
    .prepare<[], number | null>("SELECT MIN(not_before) FROM delivery WHERE state = 'pending'")
    .pluck();
  const updateFlags = db.prepare<
    [number],
    { sensitive: number; delete_after_s: number | null; retracted_at: number | null; version: number }
  >("SELECT sensitive, delete_after_s, retracted_at, version FROM news_update WHERE id = ?");

  const retractedIn = db
    .prepare<[string], number>(
      `SELECT id FROM news_update WHERE retracted_at IS NOT NULL
         AND id IN (SELECT value FROM json_each(?, '$.ids')) LIMIT 1`,
    )
    .pluck();

  type Flags = {
    sensitive: number;
    delete_after_s: number | null;
    retracted_at: number | null;
    version: number;
  };

  /**
   * Records Telegram's answer. `contentVersion` is the update's version the message was rendered from:
   * an /edit that landed while it was in flight queued no correction for it (it was not 'sent' yet), so
   * one is queued here. "forgotten" when the row is gone (/forget raced the send): nothing about that
   * chat is written again, and the caller deletes the message it just sent. Runs inside sentAll's
   * transaction; `flags` holds each update's flags read once for the batch.
   */
  const record = (
    { row, messageId, contentVersion }: SentOutcome,
    sums: SentTally,
    flagsOf: Map<number, Flags | undefined>,
    at: number,
  ): "recorded" | "forgotten" => {
    const recorded = write.markSent({
      id: row.id,
      messageId: messageId ?? null,
      at,
      version: contentVersion ?? null,
    });
    if (recorded === 0) return "forgotten";
    sums.add(row);
    if (row.kind === "digest" && row.payload !== null && messageId !== undefined) {
      // A retract that raced this digest: it is rendered again, without what was retracted.
      const raced = retractedIn.get(row.payload);
      if (raced !== undefined)
        write.queueCorrection({
          updateId: raced,
          chatKey: row.chatKey,
          chatSealed: row.chatSealed,
          isGroup: row.isGroup ? 1 : 0,
          lang: row.lang,
          messageId,
          payload: row.payload,
          at,
        });
    }
    if ((row.kind !== "update" && row.kind !== "channel") || row.updateId === null || messageId === undefined)
      return "recorded";
    if (!flagsOf.has(row.updateId)) flagsOf.set(row.updateId, updateFlags.get(row.updateId));
    const flags = flagsOf.get(row.updateId);
    if (!flags) return "recorded";
    const chat = {
      updateId: row.updateId,
      chatKey: row.chatKey,
      chatSealed: row.chatSealed,
      isGroup: row.isGroup ? 1 : 0,
      lang: row.lang,
      messageId,
      at,
    };
    // An /edit that raced this send: the message goes out corrected, through the outbox.
    if (!flags.retracted_at && contentVersion !== undefined && contentVersion < flags.version)
      write.queueCorrection({ ...chat, payload: row.kind === "channel" ? "channel" : null });
    // A retract that raced this send, or a sensitive update: the message goes again, through the outbox.
    const deleteAt = flags.retracted_at
      ? at
      : flags.sensitive && flags.delete_after_s !== null
        ? at + flags.delete_after_s * 1000
        : undefined;
    if (deleteAt !== undefined) write.scheduleDelete({ ...chat, notBefore: deleteAt });
    return "recorded";
  };

  /** Records a batch of answers in one transaction (the dispatcher's), each as `sent` would. */
  const sentAll = db.transaction((outcomes: readonly SentOutcome[]): Array<"recorded" | "forgotten"> => {
    const at = now();
    const sums = new SentTally();
    const flagsOf = new Map<number, Flags | undefined>();
    const results = outcomes.map((o) => record(o, sums, flagsOf, at));
    sums.write(news, count);
    return results;
  });

  const sent = (row: DeliveryRow, messageId: number | undefined, contentVersion?: number) =>
    sentAll([{ row, messageId, contentVersion }])[0] as "recorded" | "forgotten";

  /** Claims rows in one transaction, after putting off those whose chat must wait; returns the ids claimed. */
  const claimAll = db.transaction(
    (rowIds: readonly number[], putOff: ReadonlyArray<{ id: number; at: number }> = []): number[] => {
      for (const p of putOff) write.defer(p.id, p.at);
      return rowIds.filter((id) => write.claim(id));
    },
  );

  const failed = db.transaction((row: DeliveryRow) => {
    write.setState(row.id, "failed");
    tally(news, count, row, "failed");
  });

  /** Outcome unknown: resend once (counted), and after a second unknown give up (counted). */
  const unknown = db.transaction((row: DeliveryRow) => {
    // Editing or deleting twice does no harm: just do it again.
    if (row.kind === "edit" || row.kind === "delete") {
      const attempts =
        db.prepare<[number], number>("SELECT attempts FROM delivery WHERE id = ?").pluck().get(row.id) ?? 0;
      if (attempts >= MAX_ATTEMPTS) {
        write.setState(row.id, "failed");
        tally(news, count, row, "failed");
        return "dropped" as const;
      }
      write.retry(row.id);
      return "retry" as const;
    }
    if (row.resent) {
      write.setState(row.id, "ambiguous");
      count.add("ambiguous_dropped");
      tally(news, count, row, "failed");
      return "dropped" as const;
    }
    write.resend(row.id);
    count.add("ambiguous_resent");
    if (row.updateId !== null && row.kind !== "digest") news.countResent(row.updateId);
    return "resend" as const;
  });

  const inFlight = db.prepare<[], Row>("SELECT * FROM delivery WHERE state = 'sending'");
  const counts = db.prepare<[], { pending: number; deletions: number; failed: number }>(
    // A scheduled deletion (a sensitive or retracted update) is not a send waiting to go.
    `SELECT COALESCE(SUM(state IN ('pending', 'sending') AND kind <> 'delete'), 0) AS pending,
            COALESCE(SUM(state IN ('pending', 'sending') AND kind = 'delete'), 0) AS deletions,
            COALESCE(SUM(state IN ('failed', 'ambiguous')), 0) AS failed FROM delivery`,
  );

  return {
    /** Pending rows due by `at`, oldest first. */
    ready: (at: number, limit: number) => ready.all(at, limit).map(toDelivery),
    /** The earliest not_before among pending rows, if any. */
    nextDue: () => nextDue.get() ?? undefined,
    /** Marks a row in flight; false when someone else (a retract) changed it first. */
    claim: (id: number) => write.claim(id),
    /** Claims rows in one transaction, after putting off those whose chat must wait; returns the ids claimed. */
    claimAll: (rowIds: readonly number[], putOff: ReadonlyArray<{ id: number; at: number }> = []): number[] =>
      claimAll(rowIds, putOff),
    sent,
    /** Records a batch of answers in one transaction, each as `sent` would; "forgotten" as there. */
    sentAll: (outcomes: readonly SentOutcome[]): Array<"recorded" | "forgotten"> => sentAll(outcomes),
    failed,
    unknown,
    /** Nothing left to do (the update was retracted or removed): the row is closed without a send. */
    cancel(row: DeliveryRow): void {
      write.setState(row.id, "cancelled");
    },
    /** The row's chat is not ready yet: look again at `at`, so rows of other chats go first. */
    defer(id: number, at: number): void {
      write.defer(id, at);
    },
    /** Back to pending; a 429 or a migration does not use up an attempt. */
    release(row: DeliveryRow, notBefore: number, charge: boolean): void {
      write.release(row.id, notBefore, charge);
    },
    /** Telegram turned out to be unreachable: the attempts these rows were charged are given back. */
    refund: db.transaction((rowIds: number[]) => {
      for (const id of rowIds) write.refund(id);
    }),
    /** 403 or "chat not found": the chat is retired at once, this row failed, its other rows cancelled. */
    retire: db.transaction((row: DeliveryRow) => {
      subscriber.retire(row.chatKey);
      write.setState(row.id, "failed");
      tally(news, count, row, "failed");
    }),
    /** The group became a supergroup: the subscriber and every pending row follow it. */
    migrate: db.transaction((row: DeliveryRow, newChatId: number) => {
      const key = ids.lookupKey(newChatId);
      const sealed = ids.seal(newChatId);
      subscriber.move(row.chatKey, key, sealed);
      write.repend(row.id);
      write.follow({ key, sealed, old: row.chatKey });
      // What could not follow is already queued for the new chat: a duplicate.
      write.cancelPendingOfChat(row.chatKey);
    }),
    /**
     * At start-up, before the dispatcher runs: rows left 'sending' by a crash may or may not have
     * reached their chat. Each is resent once (or dropped after a second unknown), counted.
     */
    recover(): { resent: number; dropped: number } {
      let resent = 0;
      let dropped = 0;
      for (const r of inFlight.all()) {
        const outcome = unknown(toDelivery(r));
        if (outcome === "resend") resent++;
        if (outcome === "dropped") dropped++;
      }
      return { resent, dropped };
    },
    /** Terminal rows older than 48 h lose their chat and message ids: only the counters remain. */
    prune(at: number): number {
      return write.prune(at - EDIT_WINDOW_MS);
    },
    /** Message ids this chat received from a row (a digest's parts count one each). */
    messageIdsOf: (chatKey: Buffer) =>
      db
        .prepare<[Buffer], number>(
          "SELECT message_id FROM delivery WHERE chat_key = ? AND message_id IS NOT NULL",
        )
        .pluck()
        .all(chatKey),
    counts: () => counts.get() as { pending: number; deletions: number; failed: number },
    counters: count,
  };
}

export type Outbox = ReturnType<typeof outbox>;
