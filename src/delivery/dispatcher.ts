import type { Api } from "grammy";
import { Reachability, signalOf } from "../core/delivery/outage.js";
import { Pacer, TELEGRAM_LIMITS, type Ticket } from "../core/delivery/pacing.js";
import {
  classifyFailure,
  type FailureAction,
  MAX_ATTEMPTS,
  retryDelayMs,
} from "../core/delivery/retry-class.js";
import type { Identity } from "../db/identity.js";
import type { DeliveryRow, Outbox, SentOutcome } from "../db/outbox.js";
import type { Logger } from "../logger.js";
import { toFailure } from "./failure.js";
import type { Jobs } from "./jobs.js";

export interface DispatcherDeps {
  /** Its own Api, without auto-retry: the dispatcher must see every 429 itself. */
  api: Api;
  outbox: Outbox;
  jobs: Jobs;
  ids: Identity;
  logger: Logger;
  now: () => number;
  /** BROADCAST_RATE: messages a second over all chats. */
  rate: number;
  /** Requests in flight at once (to cover network latency); each is at most one duplicate after a crash. */
  concurrency?: number;
  /** The send budget shared with the bot's replies; by default one of its own at `rate`. */
  pacer?: Pacer;
  /** Tells an outage from a delivery's own failure; tests pass one with a fixed jitter. */
  reachability?: Reachability;
  /** True while a reply waits for the shared budget: replies go first, deliveries take what is left. */
  replyWaiting?: () => boolean;
}

const BATCH = 256;
const IDLE_POLL_MS = 5000;
/** Answers recorded in one transaction at most; fewer are recorded as soon as the current I/O is handled. */
const OUTCOME_BATCH = 256;

/** A chat id as sealed in the outbox: a number, or a channel's @username. */
export function openChat(ids: Identity, sealed: Buffer): number | string {
  return ids.openChat(sealed);
}

/** A short keyed tag for one chat (from its lookup key): pacing and in-flight bookkeeping only, never logged (it keys the chat's rows). */
export const chatTag = (chatKey: Buffer) => chatKey.toString("base64url").slice(0, 12);
const tagOf = (row: DeliveryRow) => chatTag(row.chatKey);

/**
 * Drains the outbox at Telegram's pace: claim a row, send, record the answer. Never faster than the
 * limits, never slower than needed: no fixed sleeps, only waits the limits require.
 */
export class Dispatcher {
  readonly pacer: Pacer;
  /** Whether Telegram answers: while it does not, only one probe at a time goes out, and nobody is charged. */
  readonly reach: Reachability;
  private readonly concurrency: number;
  private readonly gapMs: number;
  /** Rows charged an attempt for a failure that turned out to be the start of an outage. */
  private suspects: number[] = [];
  private running = false;
  private loop?: Promise<void>;
  private readonly inFlight = new Map<string, Promise<void>>();
  private wake?: () => void;
  private batch: DeliveryRow[] = [];
  /**
   * Sends answered but not yet recorded (their rows still 'sending', so a crash resends them, as any send
   * in flight). Recorded together right after the I/O at hand, when OUTCOME_BATCH fill up, and always
   * before the next claim: rows in flight plus these never exceed `concurrency`.
   */
  private answeredRows: SentOutcome[] = [];
  private settleScheduled = false;
  /** Deletions of messages that reached a chat /forget erased meanwhile (awaited by stop()). */
  private readonly followUps = new Set<Promise<void>>();
  /** Last moment the loop did work, for /healthz. */
  lastActivityAt = 0;

  constructor(private readonly deps: DispatcherDeps) {
    this.pacer = deps.pacer ?? new Pacer({ ...TELEGRAM_LIMITS, perSecond: deps.rate });
    this.reach = deps.reachability ?? new Reachability();
    this.gapMs = Math.max(1, 1000 / deps.rate);
    this.concurrency = deps.concurrency ?? Math.max(3, Math.ceil(deps.rate / 5));
  }

  /** Recovers rows a crash left in flight, then starts draining. */
  start(): void {
    if (this.running) return;
    const recovered = this.deps.outbox.recover();
    if (recovered.resent + recovered.dropped > 0)
      this.deps.logger.warn(recovered, "deliveries in flight at the last stop: outcome unknown");
    this.running = true;
    this.loop = this.run().catch((err: unknown) => {
      this.deps.logger.fatal({ err }, "dispatcher stopped");
      this.running = false;
    });
  }

  /** Stops taking rows and waits for the requests in flight to be recorded. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.allSettled(this.inFlight.values());
    this.flush();
    await Promise.allSettled(this.followUps);
  }

  /** New rows were enqueued: look now rather than at the next poll. */
  kick(): void {
    this.batch = [];
    this.wake?.();
  }

  get busy(): boolean {
    return this.inFlight.size > 0 || this.answeredRows.length > 0 || this.followUps.size > 0;
  }

  /** False once stopped, or if the loop died (reported by /healthz). */
  get isRunning(): boolean {
    return this.running;
  }

  /** Waits for a send slot for a call outside the outbox (the progress message), so the cap holds. */
  async reserve(tag: string): Promise<Ticket> {
    for (;;) {
      const t = this.deps.now();
      const at = this.pacer.readyAt(tag, t);
      if (at <= t) return this.pacer.take(tag, false, t);
      await new Promise((r) => setTimeout(r, Math.min(at - t, 1000)));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, ms));
      this.wake = done;
    });
  }

  private async run(): Promise<void> {
    const { outbox, now } = this.deps;
    while (this.running) {
      const t = now();
      if (this.reach.down) {
        // Nothing but one probe at a time; stragglers in flight are awaited, the probe's answer wakes us.
        if (this.inFlight.size === 0 && this.reach.mayProbe(t)) this.track("probe", this.probe());
        await this.sleep(Math.min(Math.max(1, this.reach.probeAt - t), IDLE_POLL_MS));
        continue;
      }
      const globalAt = this.deps.replyWaiting?.() ? t + this.gapMs : this.pacer.globalReadyAt(t);
      if (globalAt > t) {
        await this.sleep(Math.min(globalAt - t, IDLE_POLL_MS)); // Infinity: woken by the next answer
        continue;
      }
      const free = this.concurrency - this.inFlight.size;
      if (free <= 0) {
        await this.sleep(IDLE_POLL_MS); // woken when a request completes
        continue;
      }
      // Answers first: a claim must never meet a row whose outcome is only in memory.
      this.flush();
      if (this.batch.length === 0) this.batch = outbox.ready(t, BATCH);
      // Spaced sends go one per pass, as ever; without a rate, as many as there are free requests.
      const { rows, putOff } = this.pick(t, this.pacer.globalRoom(t, free));
      if (rows.length === 0) {
        if (putOff.length > 0) outbox.claimAll([], putOff);
        const due = outbox.nextDue();
        this.batch = [];
        await this.sleep(due === undefined ? IDLE_POLL_MS : Math.min(IDLE_POLL_MS, due - t));
        continue;
      }
      // One transaction for the lot; a row retracted or cancelled since the batch was read is not claimed.
      const claimed = new Set(
        outbox.claimAll(
          rows.map((r) => r.id),
          putOff,
        ),
      );
      for (const row of rows) {
        if (!claimed.has(row.id)) continue;
        const tag = tagOf(row);
        const ticket = this.pacer.take(tag, row.isGroup, t);
        this.lastActivityAt = t;
        this.track(tag, this.deliver(row, ticket));
      }
    }
  }

  private track(tag: string, work: Promise<void>): void {
    this.inFlight.set(
      tag,
      work.finally(() => {
        this.inFlight.delete(tag);
        this.settleSoon();
      }),
    );
  }

  /**
   * After the I/O callbacks at hand (setImmediate): answers that came in together are recorded in one
   * transaction, and the loop refills every freed request in one claim.
   */
  private settleSoon(): void {
    if (this.settleScheduled) return;
    this.settleScheduled = true;
    setImmediate(() => {
      this.settleScheduled = false;
      this.flush();
      this.wake?.();
    });
  }

  /** A send was answered: recorded with the others of this turn (see answeredRows). */
  private answer(outcome: SentOutcome): void {
    this.answeredRows.push(outcome);
    if (this.answeredRows.length >= OUTCOME_BATCH) this.flush();
    else this.settleSoon();
  }

  /** Records the answers held in memory, in one transaction. */
  private flush(): void {
    if (this.answeredRows.length === 0) return;
    const outcomes = this.answeredRows;
    this.answeredRows = [];
    let results: Array<"recorded" | "forgotten" | "failed">;
    try {
      results = this.deps.outbox.sentAll(outcomes);
    } catch {
      // One bad row must not hold back the others: each on its own, as before batching.
      results = outcomes.map((o) => this.recordOne(o));
    }
    for (const [i, result] of results.entries()) {
      const o = outcomes[i] as SentOutcome;
      if (result !== "forgotten" || o.messageId === undefined) continue;
      try {
        this.forgotten(o.row, o.messageId);
      } catch (err) {
        this.deps.logger.error({ err, kind: o.row.kind }, "could not delete a forgotten chat's message");
      }
    }
  }

  private recordOne(o: SentOutcome): "recorded" | "forgotten" | "failed" {
    try {
      return this.deps.outbox.sent(o.row, o.messageId, o.contentVersion);
    } catch (err) {
      // A bug or a database error: the row stays as it is and is looked at again at the next start.
      this.deps.logger.error(
        { err, kind: o.row.kind, updateId: o.row.updateId },
        "delivery could not be recorded",
      );
      return "failed";
    }
  }

  /** /forget ran while the message was on its way: it leaves the chat too, and no row is written. */
  private forgotten(row: DeliveryRow, messageId: number): void {
    const chatId = openChat(this.deps.ids, row.chatSealed);
    const work = this.deps.api
      .deleteMessage(chatId, messageId)
      .then(
        () => undefined,
        (err: unknown) =>
          this.deps.logger.warn({ err, kind: row.kind }, "could not delete a forgotten chat's message"),
      )
      .finally(() => this.followUps.delete(work));
    this.followUps.add(work);
  }

  /** One cheap call that sends nothing to anyone: any answer from Telegram ends the outage. */
  private async probe(): Promise<void> {
    const { logger, now } = this.deps;
    try {
      await this.deps.api.getMe();
    } catch (err) {
      const failure = toFailure(err);
      if (signalOf(failure) !== "none") {
        this.reach.probeFailed(now());
        logger.debug({ nextProbeInMs: Math.round(this.reach.probeAt - now()) }, "Telegram still unreachable");
        return;
      }
    }
    this.answered();
  }

  /** Telegram answered: an outage, if there was one, is over and everything goes at full pace. */
  private answered(): void {
    const t = this.deps.now();
    this.suspects = [];
    const span = this.reach.answered(t);
    if (span) {
      this.deps.logger.warn(
        { since: new Date(span.since).toISOString(), seconds: Math.round((t - span.since) / 1000) },
        "Telegram reachable again: resuming",
      );
      this.batch = [];
    }
  }

  /**
   * Up to `room` rows of the batch whose chats may receive now, one per chat; rows of busy chats are put
   * off to their time (written with the claim), so rows of other chats go first.
   */
  private pick(t: number, room: number): { rows: DeliveryRow[]; putOff: Array<{ id: number; at: number }> } {
    const rows: DeliveryRow[] = [];
    const putOff: Array<{ id: number; at: number }> = [];
    const tags = new Set<string>();
    while (rows.length < room && this.batch.length > 0) {
      const row = this.batch.shift() as DeliveryRow;
      const tag = tagOf(row);
      const at = this.pacer.chatReadyAt(tag, t);
      if (at <= t && !this.inFlight.has(tag) && !tags.has(tag)) {
        rows.push(row);
        tags.add(tag);
        continue;
      }
      putOff.push({ id: row.id, at: Number.isFinite(at) ? Math.max(at, t + 1) : t + 1000 });
    }
    return { rows, putOff };
  }

  private async deliver(row: DeliveryRow, ticket: Ticket): Promise<void> {
    const { outbox, logger, now } = this.deps;
    try {
      const job = this.deps.jobs.build(row);
      if (!job) return outbox.cancel(row);
      if (job === "later") return outbox.release(row, now() + 5000, false);
      if (job === "stale") {
        logger.warn(
          { kind: row.kind, updateId: row.updateId },
          "update older than DELIVERY_MAX_AGE_HOURS: not sent",
        );
        return outbox.failed(row);
      }
      const chatId = openChat(this.deps.ids, row.chatSealed);
      let messageId: number | undefined;
      try {
        messageId = await job.run(this.deps.api, chatId);
      } catch (err) {
        ticket.done(now());
        const failure = toFailure(err);
        const signal = signalOf(failure);
        const action = classifyFailure(failure, job.operation);
        if (signal === "none") this.answered();
        else if (this.outage(row, signal)) return this.waitOut(row, action);
        return this.failed(row, action, err);
      }
      ticket.done(now());
      this.answered();
      this.answer({ row, messageId, contentVersion: job.contentVersion });
    } catch (err) {
      // A bug or a database error: the row stays as it is and is looked at again at the next start.
      logger.error({ err, kind: row.kind, updateId: row.updateId }, "delivery could not be recorded");
    } finally {
      ticket.done(now()); // no-op when already done; frees the windows on every path
    }
  }

  /**
   * A failure that may be Telegram's rather than the row's. True when Telegram is (now) taken to be
   * unreachable: the row is not charged, and rows charged for the failures that led here are refunded.
   */
  private outage(row: DeliveryRow, signal: "outage" | "maybe"): boolean {
    const wasDown = this.reach.down;
    if (!this.reach.failed(tagOf(row), signal, this.deps.now())) {
      this.suspects.push(row.id);
      return false;
    }
    if (!wasDown) {
      this.deps.outbox.refund(this.suspects);
      this.suspects = [];
      this.deps.logger.warn({ pending: this.deps.outbox.counts().pending }, "Telegram unreachable: waiting");
    }
    return true;
  }

  /**
   * Back to pending, uncharged, until Telegram answers. A send that may have arrived (a reset after the
   * request left) is still counted as resent once, as any unknown outcome; a second one during an
   * outage is kept rather than dropped: a possible duplicate is better than an update lost.
   */
  private waitOut(row: DeliveryRow, action: FailureAction): void {
    const { outbox } = this.deps;
    if (action.action === "unknown" && !row.resent && row.kind !== "edit" && row.kind !== "delete") {
      outbox.unknown(row);
      outbox.refund([row.id]);
    } else outbox.release(row, 0, false);
  }

  private failed(row: DeliveryRow, action: FailureAction, err: unknown): void {
    const { outbox, logger, now } = this.deps;
    // No row id and not the chat key: a log line must not join to a chat's rows. The update is the
    // operators' (public) text; the chat tag is keyed apart and changes daily.
    const where = { kind: row.kind, updateId: row.updateId, chat: this.deps.ids.logTag(row.chatKey, now()) };
    switch (action.action) {
      case "wait":
        this.pacer.pause(now() + action.ms);
        logger.warn({ ...where, retryAfterMs: action.ms }, "429 from Telegram: every send waits");
        outbox.release(row, 0, false);
        return;
      case "retire":
        logger.info(where, "chat blocked or removed the bot: retired");
        outbox.retire(row);
        return;
      case "migrate":
        logger.info(where, "group moved to a supergroup: following it");
        outbox.migrate(row, action.chatId);
        return;
      case "retry": {
        if (row.attempts + 1 >= MAX_ATTEMPTS) {
          logger.warn({ ...where, err }, "delivery failed after retries");
          outbox.failed(row);
          return;
        }
        outbox.release(row, now() + retryDelayMs(row.attempts + 1), true);
        return;
      }
      case "unknown": {
        const outcome = outbox.unknown(row);
        logger.warn({ ...where, outcome, err }, "outcome unknown");
        return;
      }
      case "done":
        outbox.sent(row, undefined);
        return;
      case "fail":
        logger.warn({ ...where, err }, "Telegram refused the delivery");
        outbox.failed(row);
        return;
    }
  }
}
