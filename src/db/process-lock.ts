import Database from "better-sqlite3";

/** Another Relay process holds this database. */
export class DatabaseLockedError extends Error {
  override name = "DatabaseLockedError";
}

/**
 * One process per database: an exclusive SQLite lock on `<db>.lock`, held for the life of the process.
 * It is a POSIX file lock, so the operating system releases it when the process dies, even by SIGKILL,
 * and a restart can take it at once.
 */
export function acquireProcessLock(databasePath: string): { release(): void } {
  if (databasePath === ":memory:") return { release() {} };
  const path = `${databasePath}.lock`;
  const lock = new Database(path, { timeout: 0 });
  try {
    lock.pragma("locking_mode = EXCLUSIVE");
    // The first write takes the exclusive lock; in EXCLUSIVE mode it is never given back until close.
    lock.exec(
      "CREATE TABLE IF NOT EXISTS holder (since INTEGER); DELETE FROM holder; INSERT INTO holder VALUES (0)",
    );
  } catch (err) {
    lock.close();
    if ((err as { code?: string }).code?.startsWith("SQLITE_BUSY"))
      throw new DatabaseLockedError(
        `another Relay process is already using ${databasePath} (stop it first; a crashed process frees it by itself)`,
      );
    throw err;
  }
  return { release: () => lock.close() };
}
