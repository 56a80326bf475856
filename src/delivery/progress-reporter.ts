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

/**
 * The operator who published sees one message edited in place: sent / total, percent, rate, ETA,
 * failures; then a final summary, after which the operator's chat id is dropped.
 */
export function createProgressReporter(deps: ProgressDeps) {
  const since = new Map<number, { at: number; sent: number }>();
  const shown = new Map<number, string>();
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
    const f = progressFigures(counts, start, at);
    const t = deps.texts.t(w.lang);
    const vars = { id: w.id, ...counts, resent: u.resent, percent: f.percent };
    if (f.done)
      return {
        text: t("delivery.progress-done", { ...vars, duration: formatDuration((at - u.createdAt) / 1000) }),
        done: true,
      };
    const eta = f.etaSeconds === undefined ? "…" : formatDuration(f.etaSeconds);
    return { text: t("delivery.progress", { ...vars, rate: f.rate.toFixed(1), eta }), done: false };
  };

  const report = async (w: ProgressWatch): Promise<void> => {
    const at = deps.now();
    const next = textOf(w, at);
    if (!next) return deps.updates.finishProgress(w.id);
    if (shown.get(w.id) !== next.text) {
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
        else if (e && !/not modified/i.test(e.description)) {
          // The message is gone or the chat closed: stop reporting rather than retry forever.
          deps.logger.warn({ err, update: w.id }, "progress message could not be edited");
          return deps.updates.finishProgress(w.id);
        }
        if (!e) return; // network: try again next round
      }
    }
    if (next.done) {
      deps.updates.finishProgress(w.id);
      since.delete(w.id);
      shown.delete(w.id);
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
