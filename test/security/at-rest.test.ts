/**
 * Identifiers at rest: after a full scenario, the database file, its -wal file and a backup (decrypted),
 * read as bytes and as SQL, hold no user or chat id in any form, and no name, username or message text.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Decrypter, generateX25519Identity, identityToRecipient } from "age-encryption";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupDatabase } from "../../src/backup.js";
import { type Relay, startRelay } from "./harness.js";
import { type Form, findForms, idForms, textForms } from "./id-forms.js";
import { allIds, GROUP, PEOPLE, runScenario, SECRET_TEXTS } from "./scenario.js";

let relay: Relay;
let backup: string;
const forms: Form[] = [
  ...allIds().flatMap(idForms),
  ...Object.values(PEOPLE).flatMap((p) => [...textForms(p.first_name), ...textForms(p.username)]),
  ...textForms(GROUP.title),
  ...SECRET_TEXTS.flatMap(textForms),
];

beforeAll(async () => {
  relay = await startRelay({ operatorIds: [PEOPLE.operator.id] });
  await runScenario(relay.emulator);
  // The backup as the operator gets it back: decrypted with the private key kept off the server.
  const identity = await generateX25519Identity();
  const sealed = await backupDatabase(relay.dbPath, {
    recipient: await identityToRecipient(identity),
    keep: 3,
  });
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  backup = `${relay.dir}/restored-backup.db`;
  writeFileSync(backup, await decrypter.decrypt(readFileSync(sealed.path)));
}, 60_000);
afterAll(() => relay?.stop());

/** Every value of every row of every table, through SQL. */
function dump(path: string): Array<{ table: string; column: string; value: unknown }> {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
      )
      .all();
    return tables.flatMap(({ name }) =>
      db
        .prepare(`SELECT * FROM "${name}"`)
        .all()
        .flatMap((row) =>
          Object.entries(row as Record<string, unknown>).map(([column, value]) => ({
            table: name,
            column,
            value,
          })),
        ),
    );
  } finally {
    db.close();
  }
}

function leaksInValue(value: unknown): string[] {
  if (typeof value === "number" || typeof value === "bigint") {
    const v = Number(value);
    return allIds().some((id) => v === id || v === Math.abs(id) || String(v) === String(id).slice(4))
      ? [`integer ${v}`]
      : [];
  }
  if (typeof value === "string") return findForms(Buffer.from(value), forms);
  if (Buffer.isBuffer(value)) return findForms(value, forms);
  return [];
}

describe("identifiers at rest", () => {
  it("the scenario stored what it should (sealed), so the scans below look at real rows", () => {
    const rows = dump(relay.dbPath);
    const tables = new Set(rows.map((r) => r.table));
    for (const t of ["preference", "subscriber", "delivery", "news_update", "conversation", "audit"])
      expect(tables, t).toContain(t);
    expect(rows.filter((r) => r.table === "subscriber" && r.column === "chat_key")).toHaveLength(3);
  });

  it("the live database file and its -wal file hold no id, name, username or text as bytes", () => {
    const files = readdirSync(relay.dir).filter(
      (f) => f.startsWith("relay.db") || f.startsWith("relay.backup"),
    );
    expect(files).toEqual(expect.arrayContaining(["relay.db", "relay.db-wal"]));
    expect(readFileSync(`${relay.dbPath}-wal`).length).toBeGreaterThan(0);
    for (const f of files) expect(findForms(readFileSync(join(relay.dir, f)), forms), f).toEqual([]);
  });

  it("the decrypted backup holds none of them as bytes", () => {
    expect(existsSync(backup)).toBe(true);
    expect(findForms(readFileSync(backup), forms)).toEqual([]);
  });

  it.each([
    ["the live database", () => relay.dbPath],
    ["the backup", () => backup],
  ])("%s, read through SQL, holds none of them in any column", (_name, path) => {
    const leaks = dump(path())
      .map((r) => ({ where: `${r.table}.${r.column}`, found: leaksInValue(r.value) }))
      .filter((l) => l.found.length > 0);
    expect(leaks).toEqual([]);
  });

  it("(control) the same scans do find an id stored in the clear, as SQLite encodes it", () => {
    const path = join(relay.dir, "control.db");
    const db = new Database(path);
    db.exec("CREATE TABLE leak (n INTEGER, s TEXT)");
    db.prepare("INSERT INTO leak VALUES (?, 'x')").run(PEOPLE.reader.id);
    db.close();
    expect(findForms(readFileSync(path), forms)).toContain(`int48 be ${PEOPLE.reader.id}`);
    expect(dump(path).flatMap((r) => leaksInValue(r.value))).toEqual([`integer ${PEOPLE.reader.id}`]);
  });

  it("and after a clean stop (WAL checkpointed into the file) still none", async () => {
    await relay.app.stop();
    expect(findForms(readFileSync(relay.dbPath), forms)).toEqual([]);
  });
});
