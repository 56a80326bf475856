import type { Api } from "grammy";
import { GrammyError } from "grammy";
import { formatDuration, progressFigures } from "../core/delivery/progress.js";
import type { Identity } from "../db/identity.js";
import type { ProgressWatch, Updates } from "../db/updates.js";
import type { Logger } from "../logger.js";
import type { Dispatcher } from "./dispatcher.js";
import { LoopHealth } from "./loop-health.js";
import type { Texts } from "./texts.js";

export interface ProgressDeps {
  api: Api;
  updates: Updates;
  ids: Identity;
  texts: Texts;
  dispatcher: Dispatcher;
  logger: Logger;
  now: () => number;
  /** At most one edit per message this often: 3 s. */
  intervalMs?: number;
}

/** While Telegram is unreachable, at most one edit attempt per message this often (the probes' cap). */
const OUTAGE_EDIT_MS = 60_000;

/** "2026-12-04 14:32 UTC": the operator may be anywhere; UTC is what the logs say too. */
const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;

/**
 * The operator who published sees one message edited in place: sent / total, percent, rate, ETA,
 * failures, and while Telegram is unreachable since when and how many deliveries wait; then a final
 * summary (saying how many waited out an outage, apart from failures), after which the chat id is dropped.
 */
export function createProgressReporter(deps: ProgressDeps) {
  const since = new Map<number, { at: number; sent: number }>();
  const shown = new Map<number, string>();
  /** Per update: the outage its broadcast ran into and the most deliveries seen waiting on it. */
  const outages = new Map<number, { since: number; waited: number }>();
  const tried = new Map<number, number>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const health = new LoopHealth("progress", deps.logger, deps.now);

  const textOf = (w: ProgressWatch, at: number): { text: string; done: boolean } | undefined => {
    const u = deps.updates.get(w.id);
    if (!u) return undefined;
    const counts = {
      total: u.recipients,
      sent: u.sent,
      failed: u.failed,
      pending: deps.updates.pending(w.id),
    };
    const start = since.get(w.id) ?? { at, sent: u.sent };
    since.set(w.id, start);
    const figures = progressFigures(counts, start, at);
    // A large audience is still being queued (delivery/fan-out.ts): nothing pending yet is not the end.
    const f = deps.updates.fanningUpdates().includes(w.id) ? { ...figures, done: false } : figures;
    const t = deps.texts.t(w.lang);
    const vars = { id: w.id, ...counts, resent: u.resent, percent: f.percent };
    const reach = deps.dispatcher.reach;
    if (reach.since !== undefined && !f.done) {
      const o = outages.get(w.id) ?? { since: reach.since, waited: 0 };
      outages.set(w.id, { since: o.since, waited: Math.max(o.waited, counts.pending) });
      const line = t("delivery.unreachable", { count: counts.pending, since: utc(reach.since) });
      return { text: `${t("delivery.progress", { ...vars, rate: "0.0", eta: "…" })}\n${line}`, done: false };
    }
    if (f.done) {
      const text = t("delivery.progress-done", {
        ...vars,
        duration: formatDuration((at - u.createdAt) / 1000),
      });
      const o = outages.get(w.id);
      const until = reach.lastOutage?.until ?? at;
      const summary = o
        ? `\n${t("delivery.outage-summary", { count: o.waited, since: utc(o.since), duration: formatDuration((until - o.since) / 1000) })}`
        : "";
      return { text: text + summary, done: true };
    }
    const eta = f.etaSeconds === undefined ? "…" : formatDuration(f.etaSeconds);
    return { text: t("delivery.progress", { ...vars, rate: f.rate.toFixed(1), eta }), done: false };
  };

  const report = async (w: ProgressWatch): Promise<void> => {
    const at = deps.now();
    const next = textOf(w, at);
    if (!next) return deps.updates.finishProgress(w.id);
    // Telegram unreachable: one attempt a minute, not one every round.
    const waiting =
      deps.dispatcher.reach.down && at - (tried.get(w.id) ?? Number.NEGATIVE_INFINITY) < OUTAGE_EDIT_MS;
    if (shown.get(w.id) !== next.text && !waiting) {
      tried.set(w.id, at);
      const chatId = deps.ids.unseal(w.chatSealed);
      const ticket = await deps.dispatcher.reserve(`progress:${w.id}`);
      try {
        await deps.api.editMessageText(chatId, w.messageId, next.text);
        ticket.done(deps.now());
        shown.set(w.id, next.text);
      } catch (err) {
        ticket.done(deps.now());
        const e = err instanceof GrammyError ? err : undefined;
        if (e?.error_code === 429) deps.dispatcher.pacer.pause(at + (e.parameters.retry_after ?? 1) * 1000);
        else if (e && e.error_code < 500 && !/not modified/i.test(e.description)) {
          // The message is gone or the chat closed: stop reporting rather than retry forever.
          deps.logger.warn({ err, update: w.id }, "progress message could not be edited");
          return deps.updates.finishProgress(w.id);
        }
        // Telegram unreachable or a 429: try again next round, so the final summary is never skipped.
        if (!e || e.error_code >= 500 || e.error_code === 429) return;
      }
    }
    if (next.done) {
      deps.updates.finishProgress(w.id);
      since.delete(w.id);
      shown.delete(w.id);
      outages.delete(w.id);
      tried.delete(w.id);
    }
  };

  const tick = async (): Promise<void> => {
    for (const w of deps.updates.watched()) await report(w);
  };

  return {
    tick,
    health,
    start(): void {
      const round = () => {
        if (running) return; // a slow round is not stacked on another
        running = health.runAsync(tick).finally(() => {
          running = undefined;
        });
      };
      timer = setInterval(round, deps.intervalMs ?? 3000);
      timer.unref();
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
