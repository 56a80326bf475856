import type { Logger } from "../logger.js";

/**
 * One background loop's record for /healthz: when a run last finished, and whether the last run failed.
 * Every run goes through it, the first one at start included, so one bad tick never stops a loop.
 */
export class LoopHealth {
  lastRunAt: number | undefined;
  failing = false;

  constructor(
    private readonly name: string,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  /** Runs one tick; an error is logged and remembered, never thrown. */
  run<T>(tick: () => T): T | undefined {
    try {
      const result = tick();
      this.succeeded();
      return result;
    } catch (err) {
      this.failed(err);
      return undefined;
    }
  }

  /** The same for a tick that awaits. */
  async runAsync(tick: () => Promise<unknown>): Promise<void> {
    try {
      await tick();
      this.succeeded();
    } catch (err) {
      this.failed(err);
    }
  }

  private succeeded(): void {
    this.lastRunAt = this.now();
    this.failing = false;
  }

  private failed(err: unknown): void {
    this.failing = true;
    this.logger.error({ err, loop: this.name }, "background loop failed");
  }
}
