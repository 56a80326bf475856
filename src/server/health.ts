import type { Db } from "../db/open.js";
import type { Heartbeats } from "./heartbeats.js";

export interface LoopReport {
  ok: boolean;
  /** ISO 8601, or null when the loop has not done any work yet. */
  lastWorkAt: string | null;
  ageSeconds: number | null;
}

export interface HealthReport {
  ok: boolean;
  /** "degraded": Telegram is unreachable, the process is fine and waits (HTTP 200: do not restart it). */
  status: "ok" | "degraded" | "failing";
  mode: "polling" | "webhook";
  telegram: { reachable: boolean; unreachableSince: string | null };
  database: { writable: boolean; error?: string };
  loops: Record<string, LoopReport>;
}

/**
 * Proves the database accepts a write without leaving one: takes the write lock, rewrites the header's
 * user_version with its own value, and rolls back. Nothing about anyone is written, even for a moment.
 */
export function probeWritable(db: Db): { writable: boolean; error?: string } {
  if (!db.open) return { writable: false, error: "closed" };
  // better-sqlite3 is synchronous: an open transaction here belongs to code that awaited inside it.
  if (db.inTransaction) return { writable: true };
  try {
    db.exec("BEGIN IMMEDIATE");
    try {
      const version = db.pragma("user_version", { simple: true }) as number;
      db.pragma(`user_version = ${Number(version)}`);
    } finally {
      db.exec("ROLLBACK");
    }
    return { writable: true };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return { writable: false, error: typeof code === "string" ? code : "error" };
  }
}

/**
 * The whole health verdict: the database takes writes and no loop is stuck. While Telegram is
 * unreachable (`unreachableSince`), polling cannot poll: that is Telegram's state, not a stuck loop.
 */
export function healthReport(
  db: Db,
  heartbeats: Heartbeats,
  mode: HealthReport["mode"],
  now: number,
  unreachableSince?: number,
): HealthReport {
  const database = probeWritable(db);
  const loops: Record<string, LoopReport> = {};
  for (const [name, state] of Object.entries(heartbeats.states())) {
    const age = state.lastWorkAt === undefined ? null : Math.max(0, now - state.lastWorkAt);
    loops[name] = {
      ok: state.ok,
      lastWorkAt: state.lastWorkAt === undefined ? null : new Date(state.lastWorkAt).toISOString(),
      ageSeconds: age === null ? null : Math.round(age / 1000),
    };
  }
  const down = unreachableSince !== undefined;
  const ok =
    database.writable && Object.entries(loops).every(([name, l]) => l.ok || (down && name === "updates"));
  return {
    ok,
    status: !ok ? "failing" : down ? "degraded" : "ok",
    mode,
    telegram: { reachable: !down, unreachableSince: down ? new Date(unreachableSince).toISOString() : null },
    database,
    loops,
  };
}
