import { chmodSync, closeSync, existsSync, openSync } from "node:fs";
import Database from "better-sqlite3";
import { registerLanguageRule } from "./language-rule.js";
import { migrate } from "./migrate.js";

export type Db = Database.Database;

/** Owner-only: SQLite gives the -wal and -shm files the database file's mode. */
const FILE_MODE = 0o600;

/** Opens (or creates) the database in WAL mode and applies pending migrations. */
export function openDatabase(path: string): Db {
  if (path !== ":memory:") ownerOnly(path);
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  // Deleted rows are overwritten, not left in free pages of the file.
  db.pragma("secure_delete = ON");
  // Each time the WAL restarts, it shrinks to nothing: old frames (older versions of pages, deleted
  // rows included) do not linger past the checkpoint that made them useless.
  db.pragma("journal_size_limit = 0");
  migrate(db);
  registerLanguageRule(db);
  return db;
}

/**
 * Folds the WAL into the database and empties it: after /forget or a retention run, the old page
 * images holding deleted rows leave the -wal file at once. False when a reader kept it from finishing.
 */
export function truncateWal(db: Db): boolean {
  if (!db.open || db.memory) return true;
  // Another connection's checkpoint (the fan-out's, db/checkpoints-aside.ts) answers busy at once rather
  // than waiting: it lasts milliseconds, so try again briefly instead of leaving the pages in the WAL.
  for (let attempt = 0; attempt < 50; attempt++) {
    const [result] = db.pragma("wal_checkpoint(TRUNCATE)") as Array<{ busy: number }>;
    if (result?.busy === 0) return true;
    Atomics.wait(PAUSE, 0, 0, 10);
  }
  return false;
}

/** Something to sleep on synchronously between attempts (never notified). */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** Creates the file 0600 from its first byte, and takes back group and world access from older ones. */
function ownerOnly(path: string): void {
  if (!existsSync(path)) closeSync(openSync(path, "a", FILE_MODE));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, FILE_MODE);
}
