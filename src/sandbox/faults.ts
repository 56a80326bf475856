/** Fault injection for fault tests: scripted errors, 5xx, hangs, connection resets, downtime, latency. */
import type { ApiErrorBody } from "./types.js";

export type FaultKind = "fail" | "5xx" | "hang" | "reset" | "down" | "latency" | "outage";

export interface FaultRecord {
  kind: FaultKind;
  /** "armed" when configured, "applied" when it decided a call, "set" for down/latency switches. */
  phase: "armed" | "applied" | "set";
  method?: string;
  at: number;
  detail?: unknown;
}

/** What the server must do with one call. `afterExecute` faults let the method run first (the ambiguous case). */
export type FaultAction =
  | { kind: "fail"; error: ApiErrorBody }
  | { kind: "5xx" }
  | { kind: "hang"; afterExecute: boolean }
  | { kind: "reset"; afterExecute: boolean };

interface Armed {
  method: string;
  remaining: number;
  action: FaultAction;
}

export interface ExecuteOption {
  /** Run the method (its side effects happen) and only then hang or reset. Default false. */
  afterExecute?: boolean;
}

export const BAD_GATEWAY: ApiErrorBody = { error_code: 502, description: "Bad Gateway" };

export class Faults {
  readonly log: FaultRecord[] = [];
  private armed: Armed[] = [];
  private latencyMs = 0;
  private isDown = false;
  private outage: { until: number; answer: "5xx" | "reset" } | undefined;

  constructor(
    private readonly clock: () => number,
    private readonly setListening: (down: boolean) => Promise<void>,
  ) {}

  /** The next `count` calls of `method` ("*" for any) answer with this error. */
  failNext(method: string, error: ApiErrorBody, count = 1): void {
    this.arm(method, count, { kind: "fail", error });
  }

  /** The next `count` calls of any method answer 502 Bad Gateway. */
  status5xx(count = 1): void {
    this.arm("*", count, { kind: "5xx" });
  }

  /** The next `count` calls of `method` are accepted and never answered (until close). */
  hang(method: string, count = 1, options: ExecuteOption = {}): void {
    this.arm(method, count, { kind: "hang", afterExecute: options.afterExecute ?? false });
  }

  /** The next `count` calls of `method` have their socket destroyed. */
  resetNext(method: string, count = 1, options: ExecuteOption = {}): void {
    this.arm(method, count, { kind: "reset", afterExecute: options.afterExecute ?? false });
  }

  /** Stops accepting connections (closes the listener) or reopens it on the same port. */
  async down(down: boolean): Promise<void> {
    this.isDown = down;
    this.log.push({ kind: "down", phase: "set", at: this.clock(), detail: down });
    await this.setListening(down);
  }

  /**
   * Telegram unreachable until the emulated clock reaches `until`: every call, of any method, answers
   * 502 Bad Gateway ("5xx") or has its connection reset ("reset"). On the emulated clock, so a test can
   * live through a 10-minute outage in seconds with advanceClock.
   */
  outageUntil(until: number, answer: "5xx" | "reset" = "5xx"): void {
    this.outage = { until, answer };
    this.log.push({ kind: "outage", phase: "set", at: this.clock(), detail: { until, answer } });
  }

  /** True while an outage set with outageUntil lasts. */
  get inOutage(): boolean {
    return this.outage !== undefined && this.clock() < this.outage.until;
  }

  /** Delays every answer by `ms` (0 turns it off). */
  latency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
    this.log.push({ kind: "latency", phase: "set", at: this.clock(), detail: ms });
  }

  get currentLatency(): number {
    return this.latencyMs;
  }

  get isListeningDown(): boolean {
    return this.isDown;
  }

  /** Forgets every armed fault and the latency (not the log). */
  clear(): void {
    this.armed = [];
    this.latencyMs = 0;
    this.outage = undefined;
  }

  /** The outage's answer if one lasts, else consumes the first armed fault matching `method`, if any. */
  take(method: string): FaultAction | undefined {
    if (this.outage && this.inOutage) {
      this.log.push({ kind: "outage", phase: "applied", method, at: this.clock() });
      return this.outage.answer === "5xx" ? { kind: "5xx" } : { kind: "reset", afterExecute: false };
    }
    const lower = method.toLowerCase();
    const hit = this.armed.find((a) => a.method === "*" || a.method === lower);
    if (!hit) return undefined;
    hit.remaining--;
    if (hit.remaining <= 0) this.armed = this.armed.filter((a) => a !== hit);
    this.log.push({ kind: hit.action.kind, phase: "applied", method, at: this.clock() });
    return hit.action;
  }

  private arm(method: string, count: number, action: FaultAction): void {
    if (count <= 0) return;
    const m = method === "*" ? "*" : method.toLowerCase();
    this.armed.push({ method: m, remaining: count, action });
    this.log.push({ kind: action.kind, phase: "armed", method, at: this.clock(), detail: { count, action } });
  }
}
