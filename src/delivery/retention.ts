import type { Audit } from "../db/audit.js";
import type { Outbox } from "../db/outbox.js";
import type { Updates } from "../db/updates.js";
import type { Logger } from "../logger.js";
import { LoopHealth } from "./loop-health.js";

export interface RetentionDeps {
  outbox: Outbox;
  updates: Updates;
  audit: Audit;
  /** Drops idle conversation state; returns how many. */
  expireConversations(): number;
  /** Empties the WAL, whose older page images still hold what was just purged. */
  truncateWal(): void;
  /** Drops language choices unused for PREFERENCE_DAYS; returns how many. */
  expirePreferences?(): number;
  retentionDays: number;
  /** AUDIT_KEY_HOURS: audit rows older than this no longer name their operator. Default 48. */
  auditKeyHours?: number;
  logger: Logger;
  now: () => number;
  intervalMs?: number;
}

/**
 * Hourly, on the clock: delivered rows older than 48 h are reduced to their counters, audit rows older
 * than AUDIT_KEY_HOURS lose the operator's keyed hash, updates (and their audit rows) older than
 * RETENTION_DAYS are purged, idle drafts and unused language choices expire; then the WAL is emptied.
 */
export function createRetention(deps: RetentionDeps) {
  let timer: NodeJS.Timeout | undefined;
  const health = new LoopHealth("retention", deps.logger, deps.now);
  const run = () => {
    const at = deps.now();
    const horizon = at - deps.retentionDays * 86_400_000;
    const result = {
      deliveries: deps.outbox.prune(at),
      updates: deps.updates.purgeBefore(horizon),
      audit: deps.audit.purgeBefore(horizon),
      auditKeys: deps.audit.dropKeysBefore(at - (deps.auditKeyHours ?? 48) * 3_600_000),
      conversations: deps.expireConversations(),
      preferences: deps.expirePreferences?.() ?? 0,
    };
    deps.truncateWal();
    deps.logger.debug(result, "retention");
    return result;
  };
  return {
    run,
    health,
    start(): void {
      health.run(run);
      timer = setInterval(() => health.run(run), deps.intervalMs ?? 3_600_000);
      timer.unref();
    },
    stop: () => clearInterval(timer),
  };
}
