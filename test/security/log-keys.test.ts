/**
 * Logs never join to the database: the dispatcher's lines about one chat carry a tag derived under its own
 * key (changing daily), never a prefix of the chat's lookup key, which is what its rows are found by.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIdentity } from "../../src/db/identity.js";
import type { TestUser } from "../../src/sandbox/test-user.js";
import { dumpTables } from "./db-dump.js";
import { type Relay, startRelay } from "./harness.js";
import { allIds, PEOPLE, runScenario } from "./scenario.js";

let relay: Relay;
let retired: Record<string, unknown> | undefined;

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function press(user: TestUser, data: string): Promise<void> {
  const message = await until(`a button ${data}`, () =>
    [...user.replies()]
      .reverse()
      .find((m) =>
        m.reply_markup?.inline_keyboard.flat().some((b) => "callback_data" in b && b.callback_data === data),
      ),
  );
  await user.press(message, data, { timeoutMs: 15_000 });
}

beforeAll(async () => {
  relay = await startRelay({ operatorIds: [PEOPLE.operator.id] });
  const actors = await runScenario(relay.emulator);
  // The reader deletes their account: the next update to them fails with 403 and the dispatcher logs it.
  actors.reader.deactivate();
  // The scenario left a second draft waiting for its language: publish it.
  await press(actors.operator, "op:l:en");
  await press(actors.operator, "op:done");
  await press(actors.operator, "op:sens:0");
  await press(actors.operator, "op:ok");
  const line = await until("the dispatcher's line about the retired chat", () =>
    relay.logs.find((l) => l.includes("retired")),
  );
  retired = JSON.parse(line) as Record<string, unknown>;
}, 90_000);
afterAll(() => relay?.stop());

/** The encodings a key (or any prefix of it of 6 bytes or more) could take in a log line. */
function keyForms(key: Buffer): string[] {
  const head = key.subarray(0, 6);
  return [head.toString("hex"), head.toString("base64").slice(0, 8), head.toString("base64url")];
}

describe("log lines about a chat", () => {
  it("carry a chat field (so the scan below reads real output)", () => {
    expect(typeof retired?.chat).toBe("string");
    expect(String(retired?.chat).length).toBeGreaterThanOrEqual(8);
  });

  it("hold no prefix of any key a row is found by", () => {
    const ids = createIdentity(relay.dataKey);
    const keys = allIds().map((id) => ids.lookupKey(id));
    for (const rows of Object.values(dumpTables(relay.dbPath)))
      for (const row of rows as Record<string, unknown>[])
        for (const value of Object.values(row))
          if (typeof value === "string" && /^[0-9a-f]{64}$/.test(value)) keys.push(Buffer.from(value, "hex"));
    const output = relay.logs.join("");
    const found = keys.flatMap(keyForms).filter((form) => output.includes(form));
    expect(found).toEqual([]);
  });

  it("name no delivery row (its id would lead to the chat's sealed id), only the update", () => {
    const ids = relay.app.db.prepare("SELECT id FROM delivery").pluck().all() as number[];
    expect(ids.length).toBeGreaterThan(0);
    const lines = relay.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => "delivery" in l)).toEqual([]);
    expect(retired).toMatchObject({ kind: "update", updateId: 2 });
  });

  it("carry the separately keyed tag of the day", () => {
    const ids = createIdentity(relay.dataKey);
    const key = ids.lookupKey(PEOPLE.reader.id);
    expect(retired?.chat).toBe(ids.logTag(key, Date.now()));
  });
});
