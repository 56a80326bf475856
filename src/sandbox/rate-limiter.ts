/**
 * The emulator's flood control, off unless configured. Benchmarks cite this algorithm:
 *
 * Exact sliding windows on the emulator's clock (ms). Every ACCEPTED send (sendMessage, send*, copyMessage(s),
 * forwardMessage(s); never answerCallbackQuery, answerInlineQuery, getUpdates or edits) appends its time `t`
 * to logs, one entry per message sent:
 *   - the global log, unless the call set allow_paid_broadcast (then the paid log instead);
 *   - the chat's log when the chat is private or a channel; the group's log when it is a group or supergroup.
 * A send at time `now` is refused with HTTP 429 when, after dropping entries with t <= now - window:
 *   1. global: the global log holds >= `global` entries within 1000 ms (skipped when `exemptReplies` is on and
 *      the target private chat's user wrote within `replyWindowMs`, default 3000 ms), or
 *   2. paid: the paid log holds >= `paidGlobal` (default 1000) entries within 1000 ms, or
 *   3. chat: the chat's log holds >= `perChat` entries within 1000 ms, or
 *   4. group: the group's log holds >= `perGroupPerMinute` entries within 60000 ms.
 * Checks run in that order and the first that fails answers. A refused send is not logged: it costs no capacity.
 * retry_after = max(1, ceil(waitMs / 1000)), where waitMs is the time until the window holds one entry fewer
 * than its cap (the entry at index count - cap, plus the window, minus now); `retryAfter` overrides it with a
 * fixed number or a function of the excess (also clamped to an integer >= 1).
 */
import { tooManyRequests } from "./api-error.js";
import type { RateLimitExcess, RateLimitOptions } from "./types.js";

export type ChatKind = "private" | "group" | "supergroup" | "channel";

export interface SendTarget {
  chatId: number;
  kind: ChatKind;
  paid: boolean;
  /** Emulated ms of the user's last message, for exemptReplies. */
  userWroteAt?: number;
}

/** A time-ordered log of send times with cheap pruning. */
class WindowLog {
  private times: number[] = [];
  private head = 0;

  count(now: number, windowMs: number): number {
    while (this.head < this.times.length && (this.times[this.head] ?? 0) <= now - windowMs) this.head++;
    if (this.head > 1024) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  /** Entry `index` counted from the oldest still inside the window. */
  at(index: number): number {
    return this.times[this.head + index] ?? 0;
  }

  add(now: number, n: number): void {
    for (let k = 0; k < n; k++) this.times.push(now);
  }
}

export class RateLimiter {
  private global = new WindowLog();
  private paid = new WindowLog();
  private readonly chats = new Map<number, WindowLog>();
  rejected = 0;

  constructor(
    private readonly clock: () => number,
    private options: RateLimitOptions | undefined,
  ) {}

  configure(options: RateLimitOptions | undefined): void {
    this.options = options;
  }

  get settings(): RateLimitOptions | undefined {
    return this.options;
  }

  /** Admits `count` messages to `target` or throws 429; admitted messages are logged. */
  admit(target: SendTarget, count = 1): void {
    const o = this.options;
    if (!o) return;
    const now = this.clock();
    const exempt =
      o.exemptReplies === true &&
      target.kind === "private" &&
      target.userWroteAt !== undefined &&
      now - target.userWroteAt <= (o.replyWindowMs ?? 3000);
    const chatLog = this.chatLog(target.chatId);
    const isGroup = target.kind === "group" || target.kind === "supergroup";
    const checks: Array<[RateLimitExcess["scope"], WindowLog, number | undefined, number]> = [
      ["global", this.global, target.paid || exempt ? undefined : o.global, 1000],
      ["paid", this.paid, target.paid ? (o.paidGlobal ?? 1000) : undefined, 1000],
      ["chat", chatLog, isGroup ? undefined : o.perChat, 1000],
      ["group", chatLog, isGroup ? o.perGroupPerMinute : undefined, 60_000],
    ];
    for (const [scope, log, limit, windowMs] of checks) {
      if (limit === undefined || limit <= 0) continue;
      const inWindow = log.count(now, windowMs);
      if (inWindow + count <= limit) continue;
      const overflow = Math.min(inWindow, inWindow + count - limit);
      const waitMs = Math.max(0, log.at(Math.max(0, overflow - 1)) + windowMs - now);
      this.rejected++;
      const chatId = scope === "chat" || scope === "group" ? target.chatId : undefined;
      throw tooManyRequests(this.retryAfter({ scope, chatId, limit, windowMs, waitMs }));
    }
    (target.paid ? this.paid : this.global).add(now, count);
    chatLog.add(now, count);
  }

  reset(): void {
    this.chats.clear();
    this.global = new WindowLog();
    this.paid = new WindowLog();
    this.rejected = 0;
  }

  private chatLog(chatId: number): WindowLog {
    let log = this.chats.get(chatId);
    if (!log) {
      log = new WindowLog();
      this.chats.set(chatId, log);
    }
    return log;
  }

  private retryAfter(excess: RateLimitExcess): number {
    const rule = this.options?.retryAfter;
    const seconds = typeof rule === "function" ? rule(excess) : (rule ?? Math.ceil(excess.waitMs / 1000));
    return Math.max(1, Math.ceil(seconds));
  }
}
