import type { Db } from "../db/open.js";
import type { Heartbeats } from "./heartbeats.js";

/** A verdict only: no time, not even an age, since when a loop last worked tells when someone was served. */
export interface LoopReport {
  ok: boolean;
}

export interface HealthReport {
  ok: boolean;
  mode: "polling" | "webhook";
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

/** The whole health verdict: the database takes writes and no loop is stuck. */
export function healthReport(db: Db, heartbeats: Heartbeats, mode: HealthReport["mode"]): HealthReport {
  const database = probeWritable(db);
  const loops: Record<string, LoopReport> = {};
  for (const [name, state] of Object.entries(heartbeats.states())) loops[name] = { ok: state.ok };
  return { ok: database.writable && Object.values(loops).every((l) => l.ok), mode, database, loops };
}
