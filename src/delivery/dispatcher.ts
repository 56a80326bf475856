import type { Api } from "grammy";
import { Pacer, TELEGRAM_LIMITS, type Ticket } from "../core/delivery/pacing.js";
import {
  classifyFailure,
  type FailureAction,
  MAX_ATTEMPTS,
  retryDelayMs,
} from "../core/delivery/retry-class.js";
import type { Identity } from "../db/identity.js";
import type { DeliveryRow, Outbox } from "../db/outbox.js";
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
}

const BATCH = 256;
const IDLE_POLL_MS = 5000;

/** A chat id as sealed in the outbox: a number, or a channel's @username. */
export function openChat(ids: Identity, sealed: Buffer): number | string {
  return ids.openChat(sealed);
}

/** A chat's key, shortened: pacing and in-flight bookkeeping only, never logged (it keys the chat's rows). */
const tagOf = (row: DeliveryRow) => row.chatKey.toString("base64url").slice(0, 12);

/**
 * Drains the outbox at Telegram's pace: claim a row, send, record the answer. Never faster than the
 * limits, never slower than needed: no fixed sleeps, only waits the limits require.
 */
export class Dispatcher {
  readonly pacer: Pacer;
  private readonly concurrency: number;
  private running = false;
  private loop?: Promise<void>;
  private readonly inFlight = new Map<string, Promise<void>>();
  private wake?: () => void;
  private batch: DeliveryRow[] = [];
  /** Last moment the loop did work, for /healthz. */
  lastActivityAt = 0;

  constructor(private readonly deps: DispatcherDeps) {
    this.pacer = new Pacer({ ...TELEGRAM_LIMITS, perSecond: deps.rate });
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
  }

  /** New rows were enqueued: look now rather than at the next poll. */
  kick(): void {
    this.batch = [];
    this.wake?.();
  }

  get busy(): boolean {
    return this.inFlight.size > 0;
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
      const globalAt = this.pacer.globalReadyAt(t);
      if (globalAt > t) {
        await this.sleep(Math.min(globalAt - t, IDLE_POLL_MS)); // Infinity: woken by the next answer
        continue;
      }
      if (this.inFlight.size >= this.concurrency) {
        await this.sleep(IDLE_POLL_MS); // woken when a request completes
        continue;
      }
      if (this.batch.length === 0) this.batch = outbox.ready(t, BATCH);
      const row = this.next(t);
      if (!row) {
        const due = outbox.nextDue();
        this.batch = [];
        await this.sleep(due === undefined ? IDLE_POLL_MS : Math.min(IDLE_POLL_MS, due - t));
        continue;
      }
      if (!outbox.claim(row.id)) continue; // retracted or cancelled since the batch was read
      const tag = tagOf(row);
      const ticket = this.pacer.take(tag, row.isGroup, t);
      this.lastActivityAt = t;
      const sending = this.deliver(row, ticket).finally(() => {
        this.inFlight.delete(tag);
        this.wake?.();
      });
      this.inFlight.set(tag, sending);
    }
  }

  /** The first row of the batch whose chat may receive now; rows of busy chats are put off to their time. */
  private next(t: number): DeliveryRow | undefined {
    while (this.batch.length > 0) {
      const row = this.batch.shift() as DeliveryRow;
      const tag = tagOf(row);
      const at = this.pacer.chatReadyAt(tag, t);
      if (at <= t && !this.inFlight.has(tag)) return row;
      this.deps.outbox.defer(row.id, Number.isFinite(at) ? Math.max(at, t + 1) : t + 1000);
    }
    return undefined;
  }

  private async deliver(row: DeliveryRow, ticket: Ticket): Promise<void> {
    const { outbox, logger, now } = this.deps;
    try {
      const job = this.deps.jobs.build(row);
      if (!job) return outbox.cancel(row);
      if (job === "later") return outbox.release(row, now() + 5000, false);
      const chatId = openChat(this.deps.ids, row.chatSealed);
      let messageId: number | undefined;
      try {
        messageId = await job.run(this.deps.api, chatId);
      } catch (err) {
        ticket.done(now());
        const failure = toFailure(err);
        return this.failed(row, classifyFailure(failure, job.operation), failure.kind === "network", err);
      }
      ticket.done(now());
      // /forget ran while the message was on its way: it leaves the chat too, and no row is written.
      if (outbox.sent(row, messageId, job.contentVersion) === "forgotten" && messageId !== undefined)
        await this.deps.api
          .deleteMessage(chatId, messageId)
          .catch((err: unknown) =>
            logger.warn({ err, delivery: row.id }, "could not delete a forgotten chat's message"),
          );
    } catch (err) {
      // A bug or a database error: the row stays as it is and is looked at again at the next start.
      logger.error({ err, kind: row.kind, updateId: row.updateId }, "delivery could not be recorded");
    } finally {
      ticket.done(now()); // no-op when already done; frees the windows on every path
    }
  }

  private failed(row: DeliveryRow, action: FailureAction, unreachable: boolean, err: unknown): void {
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
        const at = now() + retryDelayMs(row.attempts + 1);
        // Telegram unreachable is everyone's problem: hold all sends, so one row, not all, spends its attempts.
        if (unreachable) this.pacer.pause(at);
        outbox.release(row, at, true);
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
