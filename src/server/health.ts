import type { Db } from "../db/open.js";
import type { Heartbeats } from "./heartbeats.js";

/** A verdict only: no time, not even an age, since when a loop last worked tells when someone was served. */
export interface LoopReport {
  ok: boolean;
}

export interface HealthReport {
  ok: boolean;
  /** "degraded": Telegram is unreachable, the process is fine and waits (HTTP 200: do not restart it). */
  status: "ok" | "degraded" | "failing";
  mode: "polling" | "webhook";
  telegram: { reachable: boolean };
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
 * unreachable, polling cannot poll: that is Telegram's state, not a stuck loop ("degraded", HTTP 200).
 * Verdicts only: no time, not even since when Telegram is unreachable.
 */
export function healthReport(
  db: Db,
  heartbeats: Heartbeats,
  mode: HealthReport["mode"],
  telegramReachable = true,
): HealthReport {
  const database = probeWritable(db);
  const loops: Record<string, LoopReport> = {};
  for (const [name, state] of Object.entries(heartbeats.states())) loops[name] = { ok: state.ok };
  const down = !telegramReachable;
  const ok =
    database.writable && Object.entries(loops).every(([name, l]) => l.ok || (down && name === "updates"));
  return {
    ok,
    status: !ok ? "failing" : down ? "degraded" : "ok",
    mode,
    telegram: { reachable: !down },
    database,
    loops,
  };
}
