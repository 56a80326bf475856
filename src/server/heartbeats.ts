/**
 * When each long-running loop last did work, for /healthz. Timestamps only: no chat, no user, no text.
 * A loop either beats itself (`beat`, with a staleness limit from `expect`) or is read through a probe
 * (`watch`) when it keeps its own clock and knows best whether it is stuck.
 */
export interface LoopState {
  /** Milliseconds since the epoch, or undefined when the loop has not done any work yet. */
  lastWorkAt: number | undefined;
  ok: boolean;
}

interface Probe {
  read: () => number | undefined;
  healthy: (now: number, lastWorkAt: number | undefined) => boolean;
}

export class Heartbeats {
  private readonly beats = new Map<string, number>();
  private readonly probes = new Map<string, Probe>();

  constructor(private readonly now: () => number) {}

  /** Records that `loop` did work just now. */
  beat(loop: string): void {
    this.beats.set(loop, this.now());
  }

  /**
   * Declares a loop that beats itself. With a limit, a loop that has not beaten within it (or not at all)
   * is unhealthy; without one, its time is only reported.
   */
  expect(loop: string, staleAfterMs: number | undefined): void {
    this.probes.set(loop, {
      read: () => this.beats.get(loop),
      healthy: (now, last) =>
        staleAfterMs === undefined || (last !== undefined && now - last <= staleAfterMs),
    });
  }

  /** Declares a loop that keeps its own "last did work" time and its own idea of being stuck. */
  watch(loop: string, read: () => number | undefined, healthy: Probe["healthy"] = () => true): void {
    this.probes.set(loop, { read, healthy });
  }

  /** Every declared loop with its last work time and verdict; a probe that throws is unhealthy. */
  states(): Record<string, LoopState> {
    const now = this.now();
    const out: Record<string, LoopState> = {};
    for (const [loop, probe] of this.probes) {
      try {
        const lastWorkAt = probe.read();
        out[loop] = { lastWorkAt, ok: probe.healthy(now, lastWorkAt) };
      } catch {
        out[loop] = { lastWorkAt: undefined, ok: false };
      }
    }
    return out;
  }
}
