/** Every call the bot made, and counters for benchmarks. */
import type { CallRecord } from "./types.js";

export class Recorder {
  readonly calls: CallRecord[] = [];
  /** Calls dropped from the front of `calls` to respect the cap (counters still include them). */
  dropped = 0;

  /** Keeps at most `maxCalls` records, so long benchmarks do not grow without bound. */
  constructor(private readonly maxCalls = 100_000) {}
  readonly byMethod: Record<string, number> = {};
  readonly errors: Record<string, number> = {};
  messagesSent = 0;
  messagesEdited = 0;
  messagesDeleted = 0;

  record(call: CallRecord): void {
    this.calls.push(call);
    if (this.calls.length > this.maxCalls) {
      const excess = this.calls.length - Math.floor(this.maxCalls * 0.9);
      this.calls.splice(0, excess);
      this.dropped += excess;
    }
    this.byMethod[call.method] = (this.byMethod[call.method] ?? 0) + 1;
    if (call.error) {
      const code = String(call.error.error_code);
      this.errors[code] = (this.errors[code] ?? 0) + 1;
    }
  }

  reset(): void {
    this.calls.length = 0;
    this.dropped = 0;
    for (const k of Object.keys(this.byMethod)) delete this.byMethod[k];
    for (const k of Object.keys(this.errors)) delete this.errors[k];
    this.messagesSent = 0;
    this.messagesEdited = 0;
    this.messagesDeleted = 0;
  }
}
