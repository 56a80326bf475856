import { renderUpdate } from "../core/delivery/content.js";
import { packDigest } from "../core/delivery/digest-bundle.js";
import { type DigestSchedule, latestSlot, nextSlot } from "../core/delivery/digest-due.js";
import type { DigestPlan, Digests, DueDigest } from "../db/digests.js";
import type { StoredUpdate, Updates } from "../db/updates.js";
import type { Logger } from "../logger.js";
import { LoopHealth } from "./loop-health.js";
import { renderLines, type Texts } from "./texts.js";

export interface DigestClockDeps {
  digests: Digests;
  updates: Updates;
  texts: Texts;
  logger: Logger;
  now: () => number;
  /** Called after digests were enqueued, so the dispatcher looks at once. */
  enqueued(): void;
  intervalMs?: number;
}

/**
 * Every half minute (and at start, so a digest that fell due while Relay was down goes out once):
 * for each subscriber whose slot has come, bundle what is new into messages and move the slot on.
 */
export function createDigestClock(deps: DigestClockDeps) {
  const lines = renderLines(deps.texts);
  const health = new LoopHealth("digests", deps.logger, deps.now);
  let timer: NodeJS.Timeout | undefined;

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
      const u = deps.updates.get(id);
      if (!u) continue;
      // Sensitive updates are never bundled (each is protected and deleted on its own); media cannot be.
      if (u.sensitive || u.content.media) singles.push(id);
      else texts.push(u);
    }
    const header = deps.texts.t(d.lang)("delivery.digest-header", { count: texts.length });
    const lengths = texts.map((u) => renderUpdate(u.content, d.lang, lines, u.source).text.length);
    const parts = packDigest(header.length, lengths).map((p) => ({
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

  const tick = (): number => {
    const at = deps.now();
    let sent = 0;
    for (;;) {
      const due = deps.digests.due(at, 200);
      let moved = 0;
      for (const d of due) {
        const p = plan(d, at);
        if (!deps.digests.commit(d, p)) continue;
        moved++;
        if (p.parts.length > 0 || p.singles.length > 0) sent++;
      }
      if (due.length < 200 || moved === 0) break;
    }
    if (sent > 0) {
      deps.logger.info({ digests: sent }, "digests enqueued");
      deps.enqueued();
    }
    return sent;
  };

  return {
    tick,
    health,
    start(): void {
      health.run(tick);
      timer = setInterval(() => health.run(tick), deps.intervalMs ?? 30_000);
      timer.unref();
    },
    stop(): void {
      clearInterval(timer);
    },
  };
}

export type DigestClock = ReturnType<typeof createDigestClock>;
