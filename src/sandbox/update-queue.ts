/** The bot's pending updates and getUpdates long polling: offset confirms, timeout holds, a newer poll wins. */
import type { Update } from "grammy/types";
import { ApiError, conflict, TEXT } from "./api-error.js";

export type UpdateType = Exclude<keyof Update, "update_id">;
/** One update without its id: exactly one field, named by its type. */
export type UpdateBody = { [K in UpdateType]?: unknown };

/** Telegram's default when allowed_updates is empty: everything but these three. */
const OFF_BY_DEFAULT = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

interface Poller {
  limit: number;
  finish: (updates: Update[] | ApiError) => void;
}

export interface PollOptions {
  offset?: number;
  limit: number;
  timeoutMs: number;
  signal: AbortSignal;
}

export class UpdateQueue {
  private pending: Update[] = [];
  private lastId = 0;
  private handedOut = 0;
  private allowed: Set<string> | undefined;
  private poller: Poller | undefined;
  private flushScheduled = false;
  enqueued = 0;
  delivered = 0;

  constructor(private readonly onChange: () => void) {}

  /** Adds an update unless allowed_updates excludes its type (as Telegram does, at creation time). */
  enqueue(body: UpdateBody): Update | undefined {
    const keys = Object.keys(body);
    const type = keys[0] ?? "";
    if (keys.length !== 1) throw new Error("an update body has exactly one field, named by its type");
    if (this.allowed ? !this.allowed.has(type) : OFF_BY_DEFAULT.has(type)) return undefined;
    const update = { update_id: ++this.lastId, ...body } as Update;
    this.pending.push(update);
    this.enqueued++;
    this.scheduleFlush();
    this.onChange();
    return update;
  }

  /** Remembers allowed_updates; an empty list means Telegram's default set. */
  setAllowed(types: readonly string[] | undefined): void {
    if (types === undefined) return;
    this.allowed = types.length === 0 ? undefined : new Set(types);
  }

  get allowedUpdates(): string[] | undefined {
    return this.allowed ? [...this.allowed] : undefined;
  }

  /** Forgets updates below `offset`; a negative offset keeps only the last -offset updates. */
  confirm(offset: number): void {
    if (offset < 0) this.pending = this.pending.slice(offset);
    else this.pending = this.pending.filter((u) => u.update_id >= offset);
  }

  dropAll(): void {
    this.pending = [];
    this.handedOut = this.lastId;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Updates not yet handed to the bot by any getUpdates answer or webhook delivery. */
  get unfetchedCount(): number {
    return this.pending.filter((u) => u.update_id > this.handedOut).length;
  }

  /** The oldest pending update, for webhook delivery. */
  peek(): Update | undefined {
    return this.pending[0];
  }

  markDelivered(update: Update): void {
    this.handedOut = Math.max(this.handedOut, update.update_id);
    this.delivered++;
    this.onChange();
  }

  /** One getUpdates call. A poll already waiting is answered 409 "terminated by other getUpdates request". */
  poll(options: PollOptions): Promise<Update[]> {
    this.terminatePoll(conflict(TEXT.pollConflict));
    if (options.offset !== undefined) this.confirm(options.offset);
    const ready = this.take(options.limit);
    if (ready.length > 0 || options.timeoutMs <= 0) return Promise.resolve(ready);
    return new Promise<Update[]>((resolve, reject) => {
      const poller: Poller = {
        limit: options.limit,
        finish: (result) => {
          clearTimeout(timer);
          options.signal.removeEventListener("abort", onAbort);
          if (this.poller === poller) this.poller = undefined;
          if (result instanceof ApiError) reject(result);
          else resolve(result);
        },
      };
      const timer = setTimeout(() => poller.finish([]), options.timeoutMs);
      const onAbort = () => poller.finish([]);
      options.signal.addEventListener("abort", onAbort);
      this.poller = poller;
    });
  }

  /** Ends a waiting poll: with an error (conflict, setWebhook) or with no updates (close). */
  terminatePoll(error?: ApiError): void {
    this.poller?.finish(error ?? []);
  }

  get isPolling(): boolean {
    return this.poller !== undefined;
  }

  private take(limit: number): Update[] {
    const batch = this.pending.slice(0, limit);
    for (const u of batch) if (u.update_id > this.handedOut) this.markDelivered(u);
    return batch;
  }

  /** Answers a waiting poll on the next turn, so updates enqueued together arrive together. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const poller = this.poller;
      if (poller && this.pending.length > 0) poller.finish(this.take(poller.limit));
    });
  }
}
