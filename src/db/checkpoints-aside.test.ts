import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkpointsAside } from "./checkpoints-aside.js";
import { openDatabase, truncateWal } from "./open.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A database file with a table to fill about 1 MB a transaction, and the size of its -wal file. */
function fileDatabase() {
  const dir = mkdtempSync(join(tmpdir(), "relay-checkpoints-"));
  dirs.push(dir);
  const path = join(dir, "relay.db");
  const db = openDatabase(path);
  db.exec("CREATE TABLE blob_row (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
  const insert = db.prepare("INSERT INTO blob_row (data) VALUES (randomblob(4096))");
  const write = db.transaction(() => {
    for (let i = 0; i < 250; i++) insert.run();
  });
  return { db, write, wal: () => statSync(`${path}-wal`).size };
}

describe("checkpoints aside", () => {
  it("checkpoints from a worker thread while the bot's connection writes, then hands checkpoints back", async () => {
    const { db, write, wal } = fileDatabase();
    const autocheckpoint = () => db.pragma("wal_autocheckpoint", { simple: true });

    const aside = checkpointsAside(db, 10);
    expect(autocheckpoint()).toBe(0);
    let most = 0;
    for (let i = 0; i < 20; i++) {
      write();
      most = Math.max(most, wal());
      // Once the worker has copied this transaction, the next one starts the WAL over.
      await new Promise((r) => setTimeout(r, 40));
    }
    await aside.stop();
    expect(autocheckpoint()).toBe(1000);
    // 20 MB written with the bot's own checkpoints off: the WAL never held more than a few transactions.
    expect(most).toBeLessThan(6_000_000);
    db.close();
  });

  it("lets /forget's truncation through while the worker checkpoints, leaving an empty WAL", async () => {
    const { db, write, wal } = fileDatabase();
    const aside = checkpointsAside(db, 1); // checkpointing nearly all the time
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 30; i++) {
      write();
      await new Promise((r) => setTimeout(r, 2));
      expect(truncateWal(db)).toBe(true);
      expect(wal()).toBe(0);
    }
    await aside.stop();
    db.close();
  });
});
