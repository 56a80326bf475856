import { chmodSync, existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { ConfigError, loadConfig } from "./config.js";

/**
 * `npm run backup`: a consistent copy of the database next to it, made with VACUUM INTO (one read
 * transaction, so a running bot may keep writing; the copy has no free pages holding deleted rows).
 * Identifiers stay sealed in the copy: it is as useless without DATA_KEY as the database itself.
 */
export function backupDatabase(databasePath: string, at: Date = new Date()): string {
  const source = resolve(databasePath);
  if (!existsSync(source)) throw new ConfigError(`no database at ${source} (DATABASE_PATH)`);
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const target = join(dirname(source), `${basename(source).replace(/\.db$/, "")}.backup-${stamp}.db`);
  if (existsSync(target)) throw new ConfigError(`${target} already exists`);
  // Read-only: the backup never migrates, locks out or otherwise changes the live database.
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 10000");
    db.prepare("VACUUM INTO ?").run(target);
  } finally {
    db.close();
  }
  chmodSync(target, 0o600);
  return target;
}

function main(): number {
  try {
    // Only the path: a backup needs neither the token nor the key.
    const config = loadConfig({ DATABASE_PATH: process.env.DATABASE_PATH });
    const target = backupDatabase(config.databasePath);
    process.stdout.write(`relay: backup written to ${target}\n`);
    process.stdout.write(
      "relay: to restore: stop Relay, move the database and its -wal and -shm files aside, copy this file in its place, start Relay with the same DATA_KEY\n",
    );
    return 0;
  } catch (err) {
    if (!(err instanceof ConfigError) && !(err instanceof Database.SqliteError)) throw err;
    process.stderr.write(`relay: backup failed: ${err.message}\n`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main());
