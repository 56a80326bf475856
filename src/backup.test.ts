import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Decrypter, generateX25519Identity, identityToRecipient } from "age-encryption";
import Database from "better-sqlite3";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { backupDatabase } from "./backup.js";
import { ConfigError } from "./config.js";
import { openDatabase } from "./db/open.js";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "relay-backup-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// The private key stays with the test, as it stays with the operator, off the server.
let identity: string;
let recipient: string;
beforeAll(async () => {
  identity = await generateX25519Identity();
  recipient = await identityToRecipient(identity);
});

/** Decrypts a backup with the private key and opens it as the database it holds. */
async function openBackup(path: string, dir: string): Promise<Database.Database> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  const plain = join(dir, "restored.db");
  writeFileSync(plain, await decrypter.decrypt(readFileSync(path)));
  return new Database(plain, { readonly: true });
}

describe("backupDatabase", () => {
  it("writes a consistent copy next to a live database, encrypted to the public key, 0600", async () => {
    const dir = tempDir();
    const path = join(dir, "relay.db");
    const db = openDatabase(path);
    db.prepare("INSERT INTO preference (user_key, lang) VALUES (?, 'fr')").run(Buffer.from("k1"));
    // A write still in the WAL: the copy must have it.
    db.prepare("INSERT INTO preference (user_key, lang) VALUES (?, 'ru')").run(Buffer.from("k2"));
    const { path: target } = await backupDatabase(path, {
      recipient,
      keep: 7,
      at: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)),
    });
    expect(target).toBe(join(dirname(path), "relay.backup-20250102T030405Z.db.age"));
    expect(statSync(target).mode & 0o777).toBe(0o600);
    const bytes = readFileSync(target);
    expect(bytes.subarray(0, 21).toString()).toBe("age-encryption.org/v1");
    expect(bytes.includes(Buffer.from("SQLite format 3"))).toBe(false);
    const copy = await openBackup(target, dir);
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(copy.prepare("SELECT COUNT(*) AS n FROM preference").get()).toEqual({ n: 2 });
    expect(copy.pragma("user_version", { simple: true })).toBe(db.pragma("user_version", { simple: true }));
    copy.close();
    db.close();
  });

  it("keeps only the newest N backups, plain ones from before included", async () => {
    const dir = tempDir();
    const path = join(dir, "relay.db");
    openDatabase(path).close();
    writeFileSync(join(dir, "relay.backup-20240101T000000Z.db"), "an old unencrypted backup");
    writeFileSync(join(dir, "unrelated.backup-20240101T000000Z.db"), "not ours");
    for (let day = 1; day <= 4; day++)
      await backupDatabase(path, { recipient, keep: 3, at: new Date(Date.UTC(2025, 0, day)) });
    expect(
      readdirSync(dir)
        .filter((f) => f.includes("backup-"))
        .sort(),
    ).toEqual([
      "relay.backup-20250102T000000Z.db.age",
      "relay.backup-20250103T000000Z.db.age",
      "relay.backup-20250104T000000Z.db.age",
      "unrelated.backup-20240101T000000Z.db",
    ]);
  });

  it("refuses a missing database, a bad recipient, and never overwrites a backup", async () => {
    const dir = tempDir();
    await expect(backupDatabase(join(dir, "none.db"), { recipient, keep: 1 })).rejects.toThrow(ConfigError);
    const path = join(dir, "relay.db");
    openDatabase(path).close();
    await expect(backupDatabase(path, { recipient: "age1notakey", keep: 1 })).rejects.toThrow(
      /age public key/,
    );
    const at = new Date();
    await backupDatabase(path, { recipient, keep: 5, at });
    await expect(backupDatabase(path, { recipient, keep: 5, at })).rejects.toThrow(/already exists/);
  });

  it("runs as `npm run backup`, says where the copy is, and refuses to run without a public key", () => {
    const dir = tempDir();
    const path = join(dir, "relay.db");
    openDatabase(path).close();
    const refused = spawnSync(process.execPath, ["--import", "tsx", "src/backup.ts"], {
      env: { PATH: process.env.PATH, DATABASE_PATH: path },
      encoding: "utf8",
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/BACKUP_RECIPIENT is required/);
    const out = execFileSync(process.execPath, ["--import", "tsx", "src/backup.ts"], {
      env: { PATH: process.env.PATH, DATABASE_PATH: path, BACKUP_RECIPIENT: recipient },
      encoding: "utf8",
    });
    const copies = readdirSync(dir).filter((f) => f.startsWith("relay.backup-"));
    expect(copies).toHaveLength(1);
    expect(out).toContain(join(dir, copies[0] ?? ""));
    expect(statSync(join(dir, copies[0] ?? "")).mode & 0o777).toBe(0o600);
  });
});
