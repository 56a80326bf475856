import type { Audit } from "../db/audit.js";
import type { Outbox } from "../db/outbox.js";
import type { Updates } from "../db/updates.js";
import type { Logger } from "../logger.js";

export interface RetentionDeps {
  outbox: Outbox;
  updates: Updates;
  audit: Audit;
  /** Drops idle conversation state; returns how many. */
  expireConversations(): number;
  /** Drops language choices unused for PREFERENCE_DAYS; returns how many. */
  expirePreferences?(): number;
  retentionDays: number;
  logger: Logger;
  now: () => number;
  intervalMs?: number;
}

/**
 * Hourly, on the clock: delivered rows older than 48 h are reduced to their counters, updates (and
 * their audit rows) older than RETENTION_DAYS are purged, idle drafts and unused language choices expire.
 */
export function createRetention(deps: RetentionDeps) {
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    const at = deps.now();
    const horizon = at - deps.retentionDays * 86_400_000;
    const result = {
      deliveries: deps.outbox.prune(at),
      updates: deps.updates.purgeBefore(horizon),
      audit: deps.audit.purgeBefore(horizon),
      conversations: deps.expireConversations(),
      preferences: deps.expirePreferences?.() ?? 0,
    };
    deps.logger.debug(result, "retention");
    return result;
  };
  return {
    run,
    start(): void {
      run();
      timer = setInterval(() => {
        try {
          run();
        } catch (err) {
          deps.logger.error({ err }, "retention failed");
        }
      }, deps.intervalMs ?? 3_600_000);
      timer.unref();
    },
    stop: () => clearInterval(timer),
  };
}
