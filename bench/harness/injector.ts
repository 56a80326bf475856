/**
 * Plays a reading script into the emulator through its control API: each action becomes the update a
 * real reader's app would cause (a message, a button press on the reader's page, an inline query).
 * Either at a fixed offered load, or as fast as the bot takes them (a bounded backlog in the emulator).
 */
import type { RunningEmulator } from "./emulator.js";
import type { ReaderAction } from "./reading-script.js";
import { sleep } from "./stats.js";

export interface InjectOptions {
  /** Updates a second, or "saturate": keep up to `maxBacklog` updates waiting for the bot. */
  rate: number | "saturate";
  maxBacklog?: number;
  /** Control requests in flight at most. */
  inFlight?: number;
  /** The reader's page message (from the warm-up) that page turns press. */
  pageOf: Map<number, number>;
}

export interface InjectResult {
  injected: number;
  failed: number;
  seconds: number;
  /** Largest backlog seen (updates waiting in the emulator), saturate mode only. */
  maxBacklogSeen: number;
}

/** Queues one action's update; press and inline return at once (timeout_ms 1), whoever answers them. */
export async function injectOne(
  emulator: RunningEmulator,
  a: ReaderAction,
  pageOf: Map<number, number>,
): Promise<void> {
  switch (a.kind) {
    case "page-turn": {
      const messageId = pageOf.get(a.user);
      if (messageId === undefined) throw new Error(`reader ${a.user} has no page to turn`);
      await emulator.post("press", {
        user_id: a.user,
        message_id: messageId,
        button: { row: 0, col: 0 },
        timeout_ms: 1,
      });
      return;
    }
    case "inline":
      // Answers "did not answer within 1 ms" whoever answers later: the update is queued either way.
      await emulator
        .post("inline", { user_id: a.user, query: a.query, timeout_ms: 1 })
        .catch(() => undefined);
      return;
    default:
      await emulator.post("send", { user_id: a.user, text: a.text });
  }
}

export async function inject(
  emulator: RunningEmulator,
  actions: ReaderAction[],
  o: InjectOptions,
): Promise<InjectResult> {
  const maxInFlight = o.inFlight ?? 32;
  const maxBacklog = o.maxBacklog ?? 500;
  let inFlight = 0;
  let failed = 0;
  let firstError: unknown;
  let backlog = 0;
  let maxBacklogSeen = 0;
  let polling = o.rate === "saturate";
  const poller = (async () => {
    while (polling) {
      const stats = await emulator.control.stats();
      backlog = stats.pendingUpdates;
      maxBacklogSeen = Math.max(maxBacklogSeen, backlog);
      await sleep(20);
    }
  })();
  const slots: Array<() => void> = [];
  const release = () => {
    inFlight--;
    slots.shift()?.();
  };
  const t0 = performance.now();
  try {
    for (let i = 0; i < actions.length; i++) {
      if (o.rate === "saturate") {
        while (backlog + inFlight >= maxBacklog) await sleep(2);
        backlog++;
      } else {
        const due = t0 + (i * 1000) / o.rate;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
      }
      if (inFlight >= maxInFlight) await new Promise<void>((r) => slots.push(r));
      inFlight++;
      injectOne(emulator, actions[i] as ReaderAction, o.pageOf)
        .catch((err: unknown) => {
          failed++;
          firstError ??= err;
        })
        .finally(release);
    }
    while (inFlight > 0) await sleep(2);
  } finally {
    polling = false;
    await poller;
  }
  if (failed > actions.length * 0.01)
    throw new Error(`${failed} injections failed; first: ${String(firstError)}`);
  return {
    injected: actions.length - failed,
    failed,
    seconds: (performance.now() - t0) / 1000,
    maxBacklogSeen,
  };
}
