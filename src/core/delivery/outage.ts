/**
 * Telegram unreachable, told apart from one delivery's own trouble. Pure: the caller passes the time.
 *
 * A 502/504 or a connection refused or reset comes from the way to Telegram, not from the chat: one is
 * enough. A 500/503 or a timeout may be one chat's bad luck: it takes such failures in a row on two
 * different chats, with no answer in between, to call it an outage.
 */

/** How one failed call bears on Telegram's reachability. */
export type Signal = "outage" | "maybe" | "none";

/** Which failures say something about reachability; Telegram's own refusals (4xx, 429) say nothing. */
export function signalOf(
  failure: { kind: "api"; code: number } | { kind: "network"; code?: string },
): Signal {
  if (failure.kind === "network") return failure.code && GATEWAY_DOWN.has(failure.code) ? "outage" : "maybe";
  if (failure.code === 502 || failure.code === 504) return "outage";
  return failure.code >= 500 ? "maybe" : "none";
}

const GATEWAY_DOWN = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

export interface OutageOptions {
  /** First pause between probes: 1 s. */
  baseMs?: number;
  /** Longest pause between probes: 60 s. */
  maxMs?: number;
  /** Uniform in [0, 1): spreads probes so restarted instances do not knock together. */
  random?: () => number;
}

/** One outage as it ended: when it started and how long it lasted. */
export interface OutageSpan {
  since: number;
  until: number;
}

/** Tracks whether Telegram answers, and when to knock again while it does not. */
export class Reachability {
  private streak = new Set<string>();
  private downSince: number | undefined;
  private probes = 0;
  private nextProbeAt = 0;
  private probing = false;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;
  /** The last outage that ended, for the operator's summary. */
  lastOutage: OutageSpan | undefined;

  constructor(options: OutageOptions = {}) {
    this.baseMs = options.baseMs ?? 1000;
    this.maxMs = options.maxMs ?? 60_000;
    this.random = options.random ?? Math.random;
  }

  /** True while Telegram is taken to be unreachable. */
  get down(): boolean {
    return this.downSince !== undefined;
  }

  /** When the current outage began (its first failed call), or undefined. */
  get since(): number | undefined {
    return this.downSince;
  }

  /** Telegram answered (anything but a network error or 5xx): the outage, if any, is over. */
  answered(now: number): OutageSpan | undefined {
    this.streak.clear();
    this.probing = false;
    if (this.downSince === undefined) return undefined;
    const span = { since: this.downSince, until: now };
    this.lastOutage = span;
    this.downSince = undefined;
    this.probes = 0;
    return span;
  }

  /** A call to `chat` failed; true when Telegram is now (or still) taken to be unreachable. */
  failed(chat: string, signal: Signal, now: number): boolean {
    if (signal === "none") return this.down;
    this.streak.add(chat);
    if (this.downSince === undefined && (signal === "outage" || this.streak.size >= 2)) {
      this.downSince = now;
      this.probes = 0;
      this.schedule(now);
    }
    return this.down;
  }

  /** The probe got no answer either: knock again later. Stragglers in flight use failed(), which waits. */
  probeFailed(now: number): void {
    if (this.down) this.schedule(now);
  }

  /** During an outage: true when a probe may go now (one at a time); it must end in answered() or failed(). */
  mayProbe(now: number): boolean {
    if (!this.down || this.probing || now < this.nextProbeAt) return false;
    this.probing = true;
    return true;
  }

  /** When the next probe is due (only meaningful while down). */
  get probeAt(): number {
    return this.nextProbeAt;
  }

  /** Capped exponential backoff with jitter: each pause in [d/2, d], d = base·2^n ≤ max. */
  private schedule(now: number): void {
    this.probing = false;
    const d = Math.min(this.maxMs, this.baseMs * 2 ** this.probes);
    this.probes++;
    this.nextProbeAt = now + d / 2 + (d / 2) * this.random();
  }
}
