/** Tracks bot requests in flight, so tests can wait until the bot has finished reacting. */

/** Real time, not the emulated clock: idleness is about the bot process, not about Telegram's dates. */
const realNow = () => performance.now();

export class Activity {
  private inFlight = 0;
  private lastChange = realNow();

  begin(): void {
    this.inFlight++;
    this.lastChange = realNow();
  }

  end(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.lastChange = realNow();
  }

  touch(): void {
    this.lastChange = realNow();
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /**
   * Resolves once `drained()` holds, no request is in flight and nothing changed for `quietMs`;
   * rejects after `timeoutMs` with what was still pending.
   */
  async waitForIdle(
    drained: () => { ok: boolean; detail: string },
    timeoutMs: number,
    quietMs = 50,
  ): Promise<void> {
    const deadline = realNow() + timeoutMs;
    for (;;) {
      const state = drained();
      const quiet = realNow() - this.lastChange;
      if (state.ok && this.inFlight === 0 && quiet >= quietMs) return;
      if (realNow() > deadline)
        throw new Error(
          `sandbox did not become idle within ${timeoutMs} ms (${state.detail}, requests in flight: ${this.inFlight})`,
        );
      await new Promise((r) =>
        setTimeout(r, state.ok && this.inFlight === 0 ? Math.max(5, quietMs - quiet) : 10),
      );
    }
  }
}
