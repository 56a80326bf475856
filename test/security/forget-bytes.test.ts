/**
 * /forget leaves no bytes behind: right after it, the database file, its -wal and its -shm, read as raw
 * bytes, hold none of the person's keys or sealed ids (SQLite's WAL keeps older page images until a
 * checkpoint truncates it), and no form of the id itself.
 */
import { existsSync, readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIdentity } from "../../src/db/identity.js";
import { type Relay, startRelay } from "./harness.js";
import { findForms, idForms } from "./id-forms.js";
import { PEOPLE, runScenario } from "./scenario.js";

let relay: Relay;
let traces: Array<{ name: string; bytes: Buffer }> = [];
let doneText = "";

/** Every stored value that is the reader's: their lookup keys and each sealed copy of their chat id. */
function readerTraces(path: string): Array<{ name: string; bytes: Buffer }> {
  const ids = createIdentity(relay.dataKey);
  const key = ids.lookupKey(PEOPLE.reader.id);
  const db = new Database(path, { readonly: true });
  try {
    const sealed = db
      .prepare<[Buffer, Buffer], Buffer>(
        "SELECT chat_sealed FROM subscriber WHERE chat_key = ? UNION ALL SELECT chat_sealed FROM delivery WHERE chat_key = ?",
      )
      .pluck()
      .all(key, key);
    return [
      { name: "lookup key", bytes: key },
      ...sealed.map((s, i) => ({ name: `sealed chat id #${i}`, bytes: s })),
    ];
  } finally {
    db.close();
  }
}

const files = () => ["", "-wal", "-shm"].map((suffix) => `${relay.dbPath}${suffix}`).filter(existsSync);

beforeAll(async () => {
  relay = await startRelay({ operatorIds: [PEOPLE.operator.id] });
  const { reader } = await runScenario(relay.emulator);
  traces = readerTraces(relay.dbPath);
  const before = reader.replies().length;
  reader.send("/forget");
  await reader.waitForIdle(10_000);
  const confirm = reader.replies()[before];
  if (!confirm) throw new Error("no confirmation");
  await reader.press(confirm, "fg:yes", { timeoutMs: 5000 });
  await reader.waitForIdle(10_000);
  doneText = reader.replies().find((m) => m.message_id === confirm.message_id)?.text ?? "";
}, 90_000);
afterAll(() => relay?.stop());

describe("bytes on disk right after /forget", () => {
  it("the reader had a subscription and deliveries to forget, and /forget said it forgot them", () => {
    expect(traces.filter((t) => t.name.startsWith("sealed")).length).toBeGreaterThanOrEqual(2);
    expect(doneText).toContain("Relay вас забыл");
  });

  it("no file holds the reader's lookup key or any sealed copy of their chat id", () => {
    for (const file of files())
      expect(
        traces.filter((t) => readFileSync(file).includes(t.bytes)).map((t) => t.name),
        file,
      ).toEqual([]);
  });

  it("no file holds the reader's id in any form", () => {
    for (const file of files())
      expect(findForms(readFileSync(file), idForms(PEOPLE.reader.id)), file).toEqual([]);
  });

  it("the WAL was truncated, and the database still holds everyone else", () => {
    expect(existsSync(`${relay.dbPath}-wal`) ? readFileSync(`${relay.dbPath}-wal`).length : 0).toBe(0);
    const db = new Database(relay.dbPath, { readonly: true });
    expect(db.prepare("SELECT COUNT(*) AS n FROM subscriber").get()).toEqual({ n: 2 });
    db.close();
  });
});
