import { closeSync, existsSync, fsyncSync, openSync, readdirSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Encrypter } from "age-encryption";
import Database from "better-sqlite3";
import { ConfigError, loadConfig } from "./config.js";

export interface BackupOptions {
  /** An age public key (age1…): only its private key, kept off the server, opens the backup. */
  recipient: string;
  /** Backups kept next to the database, this one included; older ones are deleted. */
  keep: number;
  at?: Date;
}

export interface BackupResult {
  path: string;
  /** Older backups deleted by the rotation. */
  removed: string[];
}

/**
 * `npm run backup`: a consistent snapshot of the database, encrypted to an age public key and written
 * next to it, then the rotation. The snapshot is taken in memory (one read transaction, so a running
 * bot may keep writing) and never touches the disk unencrypted; the file is 0600 from its first byte.
 * Identifiers inside stay sealed too: opening a backup takes the age private key, using it DATA_KEY.
 */
export async function backupDatabase(databasePath: string, options: BackupOptions): Promise<BackupResult> {
  const source = resolve(databasePath);
  if (!existsSync(source)) throw new ConfigError(`no database at ${source} (DATABASE_PATH)`);
  const stamp = (options.at ?? new Date())
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const base = basename(source).replace(/\.db$/, "");
  const target = join(dirname(source), `${base}.backup-${stamp}.db.age`);
  if (existsSync(target)) throw new ConfigError(`${target} already exists`);

  const encrypter = new Encrypter();
  try {
    encrypter.addRecipient(options.recipient);
  } catch {
    throw new ConfigError("BACKUP_RECIPIENT is not a valid age public key");
  }
  // Read-only: the backup never migrates, locks out or otherwise changes the live database.
  const db = new Database(source, { readonly: true, fileMustExist: true });
  let snapshot: Buffer;
  try {
    db.pragma("busy_timeout = 10000");
    snapshot = db.serialize();
  } finally {
    db.close();
  }
  const sealed = await encrypter.encrypt(snapshot);
  snapshot.fill(0);

  const fd = openSync(target, "wx", 0o600);
  try {
    writeSync(fd, sealed);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return { path: target, removed: rotate(dirname(source), base, options.keep) };
}

/** Deletes all but the newest `keep` backups of this database (encrypted, and plain ones from before). */
function rotate(dir: string, base: string, keep: number): string[] {
  const pattern = new RegExp(
    `^${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.backup-\\d{8}T\\d{6}Z\\.db(\\.age)?$`,
  );
  const backups = readdirSync(dir)
    .filter((f) => pattern.test(f))
    .sort((a, b) => stampOf(b).localeCompare(stampOf(a)));
  const old = backups.slice(Math.max(1, keep)).map((f) => join(dir, f));
  for (const f of old) rmSync(f, { force: true });
  return old;
}

const stampOf = (file: string) => /backup-(\d{8}T\d{6}Z)/.exec(file)?.[1] ?? "";

async function main(): Promise<number> {
  process.umask(0o077);
  try {
    // Only the path and the backup settings: a backup needs neither the token nor the key.
    const { DATABASE_PATH, BACKUP_RECIPIENT, BACKUP_KEEP } = process.env;
    const config = loadConfig({ DATABASE_PATH, BACKUP_RECIPIENT, BACKUP_KEEP });
    if (!config.backupRecipient)
      throw new ConfigError(
        "BACKUP_RECIPIENT is required: an age public key (age1…) whose private key is kept off this server (make a pair with age-keygen elsewhere)",
      );
    const { path, removed } = await backupDatabase(config.databasePath, {
      recipient: config.backupRecipient,
      keep: config.backupKeep,
    });
    process.stdout.write(`relay: encrypted backup written to ${path}\n`);
    if (removed.length > 0)
      process.stdout.write(
        `relay: ${removed.length} older backup(s) deleted (BACKUP_KEEP=${config.backupKeep})\n`,
      );
    process.stdout.write(
      "relay: to restore: on the machine holding the private key, age -d -i key.txt the file into relay.db; stop Relay, move the database and its -wal and -shm files aside, put relay.db in their place, start Relay with the same DATA_KEY\n",
    );
    return 0;
  } catch (err) {
    if (!(err instanceof ConfigError) && !(err instanceof Database.SqliteError)) throw err;
    process.stderr.write(`relay: backup failed: ${err.message}\n`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main().then((code) => process.exit(code));
