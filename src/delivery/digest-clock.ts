import { setImmediate as nextTurn } from "node:timers/promises";
import { renderUpdate } from "../core/delivery/content.js";
import { packDigest } from "../core/delivery/digest-bundle.js";
import { type DigestSchedule, latestSlot, nextSlot } from "../core/delivery/digest-due.js";
import { getOrMake } from "../core/memo.js";
import type { DigestPlan, Digests, DueDigest } from "../db/digests.js";
import type { StoredUpdate, Updates } from "../db/updates.js";
import type { Logger } from "../logger.js";
import { LoopHealth } from "./loop-health.js";
import { renderLines, type Texts } from "./texts.js";

/**
 * Digests planned and committed per transaction. A batch takes a few milliseconds; the tick yields to the
 * event loop between batches, so readers are answered while an hour's digests are queued, and no more
 * than one batch of plans is alive at a time (memory does not grow with the digests due).
 */
export const DIGEST_BATCH = 200;

export interface DigestClockDeps {
  digests: Digests;
  updates: Updates;
  texts: Texts;
  logger: Logger;
  now: () => number;
  /** Called after digests were enqueued, so the dispatcher looks at once. */
  enqueued(): void;
  intervalMs?: number;
  batch?: number;
}

/**
 * Every half minute (and at start, so a digest that fell due while Relay was down goes out once):
 * for each subscriber whose slot has come, bundle what is new into messages and move the slot on.
 */
export function createDigestClock(deps: DigestClockDeps) {
  const lines = renderLines(deps.texts);
  const health = new LoopHealth("digests", deps.logger, deps.now);
  let timer: NodeJS.Timeout | undefined;

  /**
   * One batch's cache of the updates its digests carry and their rendered lengths: the same few updates
   * go into every digest, opened and rendered once per language instead of once per digest. Emptied at
   * each batch, so an /edit between two batches is seen by the next one.
   */
  const stored = new Map<number, StoredUpdate | undefined>();
  const lengths = new Map<string, number>();
  const updateOf = (id: number) => getOrMake(stored, id, () => deps.updates.get(id));
  const lengthOf = (u: StoredUpdate, lang: DueDigest["lang"]): number =>
    getOrMake(lengths, `${u.id}:${lang}`, () => renderUpdate(u.content, lang, lines, u.source).text.length);

  // i18next allocates some 7 kB a call: the header's length is the same for every digest of a count.
  const headers = new Map<string, number>();
  const headerLength = (lang: DueDigest["lang"], count: number): number =>
    getOrMake(
      headers,
      `${lang}:${count}`,
      () => deps.texts.t(lang)("delivery.digest-header", { count }).length,
    );

  const plan = (d: DueDigest, at: number): DigestPlan => {
    const schedule: DigestSchedule = {
      cadence: d.cadence,
      hour: d.hour,
      weekday: d.weekday,
      offsetMinutes: d.offsetMinutes,
    };
    const fresh = deps.digests.freshFor(d);
    const texts: StoredUpdate[] = [];
    const singles: number[] = [];
    for (const id of fresh) {
      const u = updateOf(id);
      if (!u) continue;
      // Sensitive updates are never bundled (each is protected and deleted on its own); media cannot be.
      if (u.sensitive || u.content.media) singles.push(id);
      else texts.push(u);
    }
    const header = headerLength(d.lang, texts.length);
    const sizes = texts.map((u) => lengthOf(u, d.lang));
    const parts = packDigest(header, sizes).map((p) => ({
      ids: p.items.map((i) => (texts[i] as StoredUpdate).id),
      header: p.header,
    }));
    return {
      parts,
      singles,
      cursor: Math.max(d.after, ...fresh),
      slot: latestSlot(schedule, at),
      next: nextSlot(schedule, at),
    };
  };

  const forget = () => {
    stored.clear();
    lengths.clear();
    headers.clear();
  };
  const size = deps.batch ?? DIGEST_BATCH;
  let running: Promise<number> | undefined;
  let stopped = false;

  /** One batch of due digests planned and committed in one transaction: how many moved, how many carry news. */
  const batch = (at: number): { due: number; moved: number; sent: number } => {
    forget();
    const due = deps.digests.due(at, size);
    const planned = due.map((digest) => ({ digest, plan: plan(digest, at) }));
    const moved = deps.digests.commitAll(planned);
    let sent = 0;
    let count = 0;
    for (const [i, ok] of moved.entries()) {
      if (!ok) continue;
      count++;
      const p = (planned[i] as (typeof planned)[number]).plan;
      if (p.parts.length > 0 || p.singles.length > 0) sent++;
    }
    return { due: due.length, moved: count, sent };
  };

  /** The batches after the first, one per turn of the event loop. */
  const rest = async (at: number, first: { due: number; moved: number; sent: number }): Promise<number> => {
    let b = first;
    let sent = first.sent;
    try {
      while (b.due === size && b.moved > 0) {
        await nextTurn();
        if (stopped) break; // the rest is still due at the next start: each batch was its own transaction
        b = batch(at);
        sent += b.sent;
        if (b.sent > 0) deps.enqueued();
      }
    } finally {
      forget();
    }
    if (sent > 0) deps.logger.info({ digests: sent }, "digests enqueued");
    return sent;
  };

  /**
   * Queues every digest due now: the first batch before it returns (and throws as it fails), the others
   * a batch per turn of the event loop; a tick while another runs joins it. Resolves to the number of
   * digests that carry news.
   */
  const tick = (): Promise<number> => {
    if (running) return running;
    stopped = false; // a tick asked for after stop() (a test, a restart) runs whole
    const at = deps.now();
    let first: ReturnType<typeof batch>;
    try {
      first = batch(at);
    } catch (err) {
      forget();
      throw err;
    }
    // The dispatcher starts on the first batches while later ones are planned.
    if (first.sent > 0) deps.enqueued();
    running = rest(at, first).finally(() => {
      running = undefined;
    });
    return running;
  };

  /** A run for the timer: a failure of the first batch or of a later one is recorded for /healthz. */
  const guarded = (): void => {
    const later = health.run(tick);
    if (later) void health.runAsync(() => later);
  };

  return {
    tick,
    health,
    start(): void {
      guarded();
      timer = setInterval(guarded, deps.intervalMs ?? 30_000);
      timer.unref();
    },
    /** Stops the timer and waits for a tick's batches in progress (none runs after the database closes). */
    async stop(): Promise<void> {
      clearInterval(timer);
      stopped = true;
      await running?.catch(() => undefined);
    },
  };
}

export type DigestClock = ReturnType<typeof createDigestClock>;
