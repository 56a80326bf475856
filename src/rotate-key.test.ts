import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createIdentity } from "./db/identity.js";
import { openDatabase } from "./db/open.js";
import { acquireProcessLock } from "./db/process-lock.js";
import { subscribers } from "./db/subscribers.js";

const READER = 7_304_918_265;
let dir: string;
let dbPath: string;
const oldKey = randomBytes(32);
const newKey = randomBytes(32);

const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, ["--import", "tsx", "src/rotate-key.ts"], {
    env: { PATH: process.env.PATH, DATABASE_PATH: dbPath, NEW_DATA_KEY_FILE: join(dir, "new_key"), ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
const readerUnder = (key: Buffer) => {
  const db = openDatabase(dbPath);
  try {
    return subscribers(db, createIdentity(key), Date.now).get(READER)?.lang;
  } finally {
    db.close();
  }
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "relay-rotate-cli-"));
  dbPath = join(dir, "relay.db");
  const db = openDatabase(dbPath);
  subscribers(db, createIdentity(oldKey), Date.now).subscribe(READER, { isGroup: false, lang: "ru" });
  db.close();
  writeFileSync(join(dir, "old_key"), `${oldKey.toString("hex")}\n`);
  writeFileSync(join(dir, "new_key"), `${newKey.toString("hex")}\n`);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run rotate-key", () => {
  it("moves the database to the key in NEW_DATA_KEY_FILE and says what it carried over", () => {
    const r = run({ DATA_KEY_FILE: join(dir, "old_key") });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("every row is now under the new key: 1 subscriptions");
    expect(readerUnder(newKey)).toBe("ru");
    expect(readerUnder(oldKey)).toBeUndefined();
  });

  it("changes nothing with a wrong current key, or while Relay holds the database", () => {
    const wrong = run({ DATA_KEY: randomBytes(32).toString("hex") });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/^relay: key rotation failed, nothing changed/);
    const lock = acquireProcessLock(dbPath);
    try {
      const busy = run({ DATA_KEY_FILE: join(dir, "old_key") });
      expect(busy.status).toBe(1);
      expect(busy.stderr).toMatch(/another Relay process/);
    } finally {
      lock.release();
    }
    expect(readerUnder(oldKey)).toBe("ru");
  });
});
