import { setImmediate as nextTurn } from "node:timers/promises";
import type { Updates } from "../db/updates.js";
import type { Logger } from "../logger.js";
import { LoopHealth } from "./loop-health.js";

export interface FanOutDeps {
  updates: Pick<Updates, "fanOutStep" | "fanningUpdates">;
  logger: Logger;
  now: () => number;
  /** Called after each chunk: the dispatcher sends the first chunks while later ones are queued. */
  enqueued(): void;
  /** After a failed chunk, the walk is tried again this much later (default 5 s). */
  retryMs?: number;
  /** Moves the WAL's checkpoints off this thread while chunks are written (db/checkpoints-aside.ts). */
  checkpointsAside?(): { stop(): Promise<void> };
}

/**
 * Queues the rest of each large update's fan-out, one chunk (db/update-fan-out.ts) per turn of the event
 * loop, so the readers' updates are answered between chunks. Kicked after a publish, and at start to
 * resume a fan-out a crash or a stop cut short.
 */
export function createFanOut(deps: FanOutDeps) {
  const health = new LoopHealth("fan-out", deps.logger, deps.now);
  let running: Promise<void> | undefined;
  let again = false;
  let stopping = false;
  let retry: NodeJS.Timeout | undefined;

  const drain = async (): Promise<void> => {
    if (deps.updates.fanningUpdates().length === 0) return;
    const aside = deps.checkpointsAside?.();
    try {
      await walk();
    } finally {
      await aside?.stop();
    }
  };

  const walk = async (): Promise<void> => {
    do {
      again = false;
      for (const id of deps.updates.fanningUpdates()) {
        for (;;) {
          if (stopping) return;
          const { added, done } = deps.updates.fanOutStep(id);
          if (added > 0) deps.enqueued();
          if (done) break;
          await nextTurn();
        }
      }
    } while (again && !stopping);
  };

  const kick = (): void => {
    if (stopping) return;
    if (running) {
      again = true;
      return;
    }
    running = health.runAsync(drain).finally(() => {
      running = undefined;
      // A chunk that failed (logged by LoopHealth) is tried again, not left until the next publish.
      if (health.failing && !stopping) retry = setTimeout(kick, deps.retryMs ?? 5_000).unref();
    });
  };

  return {
    health,
    /** Something may have been published: walk every unfinished fan-out. */
    kick,
    /** Resolves once no chunk is being written; the rest waits for the next start. */
    async stop(): Promise<void> {
      stopping = true;
      clearTimeout(retry);
      await running;
      stopping = false;
    },
    /** Resolves when the fan-outs under way are all queued (tests, benchmarks). */
    idle: async (): Promise<void> => {
      while (running) await running;
    },
  };
}

export type FanOut = ReturnType<typeof createFanOut>;
