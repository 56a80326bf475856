/**
 * Pacing for bulk sends: Telegram's limits as sliding windows, so the dispatcher sends as fast as
 * it may and never faster. Pure: the caller passes the time and does the waiting.
 *
 * Telegram counts a send when the request reaches it, which Relay cannot see: it is somewhere between
 * the request leaving and its answer arriving. So a window counts each send from the moment its answer
 * arrived (an unanswered one counts until it is answered): whatever the network's jitter, no window on
 * Telegram's side ever holds more than the limit. The price is one round trip per window.
 */

interface Entry {
  /** When the answer arrived; undefined while the request is in flight. */
  at: number | undefined;
}

/** At most `limit` sends in any window of `windowMs`. */
export class SlidingWindow {
  private entries: Entry[] = [];
  /** No limit (a pacer without a rate): nothing is recorded, so nothing piles up per send. */
  private readonly unbounded: boolean;
  /**
   * The earliest answer time still held and how many entries are answered: asked on every send, so the
   * common case (nothing has left the window, fewer than `limit` held) costs no scan of the entries.
   */
  private oldestAt = Number.POSITIVE_INFINITY;
  private answered = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {
    this.unbounded = limit === Number.POSITIVE_INFINITY;
  }

  /** The earliest moment at or after `now` when one more send stays within the limit (Infinity: wait for answers). */
  nextFreeAt(now: number): number {
    if (this.unbounded) return now;
    this.prune(now);
    const excess = this.entries.length - this.limit + 1;
    if (excess <= 0) return now;
    if (this.answered < excess) return Number.POSITIVE_INFINITY;
    const closed: number[] = [];
    for (const e of this.entries) if (e.at !== undefined) closed.push(e.at);
    closed.sort((a, b) => a - b);
    return Math.max(now, (closed[excess - 1] as number) + this.windowMs);
  }

  /** A send starts: it counts from now until its answer, then for a window after the answer. */
  open(): Entry {
    if (this.unbounded) return { at: undefined };
    const entry: Entry = { at: undefined };
    this.entries.push(entry);
    return entry;
  }

  /** The answer to the send `entry` stands for arrived at `at` (the first call counts). */
  close(entry: Entry, at: number): void {
    if (this.unbounded || entry.at !== undefined) return;
    entry.at = at;
    this.answered++;
    if (at < this.oldestAt) this.oldestAt = at;
  }

  /** True when nothing recorded still counts at `now` (the window can be forgotten). */
  idle(now: number): boolean {
    this.prune(now);
    return this.entries.length === 0;
  }

  private prune(now: number): void {
    const edge = now - this.windowMs;
    if (this.oldestAt > edge) return;
    this.entries = this.entries.filter((e) => e.at === undefined || e.at > edge);
    this.answered = 0;
    this.oldestAt = Number.POSITIVE_INFINITY;
    for (const e of this.entries)
      if (e.at !== undefined) {
        this.answered++;
        if (e.at < this.oldestAt) this.oldestAt = e.at;
      }
  }
}

export interface PacerLimits {
  /** Messages a second over all chats (BROADCAST_RATE; Telegram's free cap is 30). */
  perSecond: number;
  /** Messages a second to one chat of any kind (Telegram: 1). */
  perPrivateChatPerSecond: number;
  /** Messages a minute to one group or channel, on top of the per-second limit (Telegram: 20). */
  perGroupPerMinute: number;
  /**
   * Replies one private chat may get within a second. Telegram tolerates reply bursts, and people may
   * write faster than one message a second (the inbound guard allows 30 in 10 s): by default only the
   * global cap holds replies (30); 1 makes replies as strict as deliveries.
   */
  replyBurst?: number;
}

export const TELEGRAM_LIMITS: PacerLimits = {
  perSecond: 30,
  perPrivateChatPerSecond: 1,
  perGroupPerMinute: 20,
};

/** Chats the pacer knows before it forgets those whose windows are empty. */
const FORGET_ABOVE = 5000;

/** A send in flight: tell the pacer when its answer (or failure) arrived. */
export interface Ticket {
  done(at: number): void;
}

/**
 * Global, per-chat and 429 pauses in one place. Sends are spread one every 1/rate seconds (a burst
 * of a whole second's worth is what draws 429s); the windows above keep the counts exact.
 */
export class Pacer {
  private readonly global: SlidingWindow;
  private readonly gapMs: number;
  private lastSlot = Number.NEGATIVE_INFINITY;
  private readonly chats = new Map<string, SlidingWindow[]>();
  private readonly bursts = new Map<string, SlidingWindow>();
  private pausedUntil = 0;
  private readonly chatPausedUntil = new Map<string, number>();
  /** Idle chats are forgotten when more than this many are known. */
  private forgetAbove = FORGET_ABOVE;

  constructor(readonly limits: PacerLimits) {
    this.global = new SlidingWindow(limits.perSecond, 1000);
    this.gapMs = 1000 / limits.perSecond;
  }

  /** When the next send to any chat may start (Infinity: when an answer arrives). */
  globalReadyAt(now: number): number {
    return Math.max(now, this.pausedUntil, this.lastSlot + this.gapMs, this.global.nextFreeAt(now));
  }

  /** When the next send to this chat may start, all limits considered. */
  readyAt(chat: string, now: number): number {
    return Math.max(this.globalReadyAt(now), this.chatReadyAt(chat, now));
  }

  /**
   * How many sends may start at `now` one after another, as far as the global limits go, up to `max`.
   * Spaced sends (any rate) start one at a time; without a rate (the pacer off) all of them may.
   */
  globalRoom(now: number, max: number): number {
    if (this.globalReadyAt(now) > now) return 0;
    return this.gapMs > 0 ? Math.min(1, max) : max;
  }

  /** When this chat's own limits allow the next send (the global limit aside). */
  chatReadyAt(chat: string, now: number): number {
    let at = Math.max(now, this.chatPausedUntil.get(chat) ?? now);
    for (const w of this.chats.get(chat) ?? []) at = Math.max(at, w.nextFreeAt(now));
    return at;
  }

  /** Records a send that starts now (call only when readyAt(...) <= now). */
  take(chat: string, isGroup: boolean, now: number): Ticket {
    this.slot(now);
    const ticket = this.open([this.global, ...this.windowsOf(chat, isGroup)]);
    if (this.chats.size > this.forgetAbove) this.forgetIdle(now);
    return ticket;
  }

  private slot(now: number): void {
    const ideal = this.lastSlot + this.gapMs;
    // Late by less than one gap: a timer's lateness, keep the schedule. More: the queue was idle, restart it.
    this.lastSlot = now - ideal < this.gapMs ? ideal : now;
  }

  private windowsOf(chat: string, isGroup: boolean): SlidingWindow[] {
    let windows = this.chats.get(chat);
    if (!windows) {
      // One message a second to any chat; groups and channels also twenty a minute.
      windows = [new SlidingWindow(this.limits.perPrivateChatPerSecond, 1000)];
      if (isGroup) windows.push(new SlidingWindow(this.limits.perGroupPerMinute, 60_000));
      this.chats.set(chat, windows);
    }
    return windows;
  }

  private open(windows: SlidingWindow[]): Ticket {
    const entries = windows.map((w) => w.open());
    return {
      done(at: number) {
        for (const [i, e] of entries.entries()) windows[i]?.close(e, at);
      },
    };
  }

  /**
   * When a reply (an answer to someone who wrote) to this chat may start. Replies share the global
   * limit (edits aside) and a group's twenty a minute, but within one chat they may come in a short
   * burst (replyBurst a second) rather than one a second.
   */
  replyReadyAt(chat: string, isGroup: boolean, edit: boolean, now: number): number {
    const own = this.replyChatReadyAt(chat, isGroup, edit, now);
    return edit ? own : Math.max(this.globalReadyAt(now), own);
  }

  /** When this chat's own limits let a reply start, the global limit aside. */
  replyChatReadyAt(chat: string, isGroup: boolean, edit: boolean, now: number): number {
    if (edit && !isGroup) return now;
    const burst = this.bursts.get(chat)?.nextFreeAt(now) ?? now;
    const minute = isGroup ? (this.chats.get(chat)?.[1]?.nextFreeAt(now) ?? now) : now;
    return Math.max(burst, minute, this.chatPausedUntil.get(chat) ?? now);
  }

  /** Records a reply that starts now (call only when replyReadyAt(...) <= now). */
  takeReply(chat: string, isGroup: boolean, edit: boolean, now: number): Ticket {
    if (edit && !isGroup) return { done() {} };
    let burst = this.bursts.get(chat);
    if (!burst) {
      burst = new SlidingWindow(this.limits.replyBurst ?? 30, 1000);
      this.bursts.set(chat, burst);
      if (this.bursts.size > this.forgetAbove) this.forgetIdle(now);
    }
    // Also in the chat's own windows: a delivery to this chat waits for the replies' second (and minute).
    const windows = [burst, ...this.windowsOf(chat, isGroup)];
    if (edit) return this.open(windows);
    this.slot(now);
    return this.open([this.global, ...windows]);
  }

  /** A 429: nothing is sent to anyone before `until`. */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /**
   * A 429 on a reply to one chat: nothing more to that chat before `until`. The global pacing keeps the
   * token under 30/s, so a reply's 429 is that chat's one-a-second limit; a token-wide 429 reaches the
   * deliveries too, and they pause everything.
   */
  pauseChat(chat: string, until: number): void {
    this.chatPausedUntil.set(chat, Math.max(this.chatPausedUntil.get(chat) ?? 0, until));
  }

  private forgetIdle(now: number): void {
    for (const [chat, windows] of this.chats) if (windows.every((w) => w.idle(now))) this.chats.delete(chat);
    for (const [chat, burst] of this.bursts) if (burst.idle(now)) this.bursts.delete(chat);
    for (const [chat, until] of this.chatPausedUntil) if (until <= now) this.chatPausedUntil.delete(chat);
    // More chats than that are busy at once (a fast broadcast): look again only when twice as many are
    // known, so the sweep costs a constant per send rather than one pass over every chat per send.
    this.forgetAbove = Math.max(FORGET_ABOVE, 2 * Math.max(this.chats.size, this.bursts.size));
  }
}
