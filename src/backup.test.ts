import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
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

describe("backupDatabase", () => {
  it("writes a consistent, private copy next to a live database", () => {
    const path = join(tempDir(), "relay.db");
    const db = openDatabase(path);
    db.prepare("INSERT INTO preference (user_key, lang) VALUES (?, 'fr')").run(Buffer.from("k1"));
    // A write still in the WAL, and an open read transaction: the copy must have the first and not block.
    db.prepare("INSERT INTO preference (user_key, lang) VALUES (?, 'ru')").run(Buffer.from("k2"));
    const target = backupDatabase(path, new Date(Date.UTC(2025, 0, 2, 3, 4, 5)));
    expect(target).toBe(join(dirname(path), "relay.backup-20250102T030405Z.db"));
    expect(statSync(target).mode & 0o777).toBe(0o600);
    const copy = new Database(target, { readonly: true });
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(copy.prepare("SELECT COUNT(*) AS n FROM preference").get()).toEqual({ n: 2 });
    expect(copy.pragma("user_version", { simple: true })).toBe(db.pragma("user_version", { simple: true }));
    copy.close();
    db.close();
  });

  it("refuses a missing database and never overwrites a backup", () => {
    const dir = tempDir();
    expect(() => backupDatabase(join(dir, "none.db"))).toThrow(ConfigError);
    const path = join(dir, "relay.db");
    openDatabase(path).close();
    const at = new Date();
    backupDatabase(path, at);
    expect(() => backupDatabase(path, at)).toThrow(/already exists/);
  });

  it("runs as `npm run backup` and says where the copy is", () => {
    const dir = tempDir();
    const path = join(dir, "relay.db");
    openDatabase(path).close();
    const out = execFileSync(process.execPath, ["--import", "tsx", "src/backup.ts"], {
      env: { ...process.env, DATABASE_PATH: path },
      encoding: "utf8",
    });
    const copies = readdirSync(dir).filter((f) => f.startsWith("relay.backup-"));
    expect(copies).toHaveLength(1);
    expect(out).toContain(join(dir, copies[0] ?? ""));
  });
});
