import { readdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Db } from "./open.js";

/**
 * /wipe: every row of every table, in one transaction, then the freed pages overwritten (VACUUM
 * rewrites the file; secure_delete zeroes what is deleted) and the WAL truncated to nothing.
 * The schema stays, so the process could open it again; there is nothing in it to read.
 */
export function wipeDatabase(db: Db): void {
  const tables = db
    .prepare<[], string>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all();
  db.transaction(() => {
    for (const t of tables) db.exec(`DELETE FROM "${t.replaceAll('"', '""')}"`);
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.exec("VACUUM");
  db.pragma("wal_checkpoint(TRUNCATE)");
}

/** Deletes the local backups `npm run backup` wrote beside the database (relay.backup-…); returns how many. */
export function deleteLocalBackups(databasePath: string): number {
  const dir = dirname(databasePath);
  const prefix = `${basename(databasePath).replace(/\.db$/, "")}.backup-`;
  let removed = 0;
  for (const name of readdirSync(dir))
    if (name.startsWith(prefix)) {
      rmSync(join(dir, name), { force: true });
      removed++;
    }
  return removed;
}
