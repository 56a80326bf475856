import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, truncateWal } from "./open.js";

const dirs: string[] = [];
const tempPath = () => {
  const dir = mkdtempSync(join(tmpdir(), "relay-open-"));
  dirs.push(dir);
  return join(dir, "relay.db");
};
const mode = (path: string) => statSync(path).mode & 0o777;
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("openDatabase", () => {
  it("creates the database, its -wal and its -shm owner-only, whatever the umask", () => {
    const old = process.umask(0o022);
    try {
      const path = tempPath();
      const db = openDatabase(path);
      db.exec("CREATE TABLE t (x)");
      for (const f of [path, `${path}-wal`, `${path}-shm`]) expect(mode(f), f).toBe(0o600);
      db.close();
    } finally {
      process.umask(old);
    }
  });

  it("takes group and world access back from a database created before", () => {
    const path = tempPath();
    openDatabase(path).close();
    chmodSync(path, 0o644);
    writeFileSync(`${path}-wal`, "");
    chmodSync(`${path}-wal`, 0o644);
    const db = openDatabase(path);
    expect(mode(path)).toBe(0o600);
    expect(mode(`${path}-wal`)).toBe(0o600);
    db.close();
  });

  it("limits the journal and can empty the WAL on demand", () => {
    const path = tempPath();
    const db = openDatabase(path);
    expect(db.pragma("journal_size_limit", { simple: true })).toBe(0);
    db.exec("CREATE TABLE t (x); INSERT INTO t VALUES (randomblob(10000))");
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    expect(truncateWal(db)).toBe(true);
    expect(statSync(`${path}-wal`).size).toBe(0);
    db.close();
  });
});
