/**
 * /forget: after the confirm button, nothing in any table is about that person any more (no lookup key,
 * no sealed id that opens to them, no conversation key, no id in the clear), the recent updates sent to
 * them are deleted from their chat, and everyone else's rows are untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIdentity, type Identity } from "../../src/db/identity.js";
import type { TestUser } from "../../src/sandbox/test-user.js";
import { dumpTables } from "./db-dump.js";
import { type Relay, startRelay } from "./harness.js";
import { GROUP, PEOPLE, runScenario, UPDATE_TEXT } from "./scenario.js";

let relay: Relay;
let ids: Identity;
let actors: Awaited<ReturnType<typeof runScenario>>;

beforeAll(async () => {
  relay = await startRelay({ operatorIds: [PEOPLE.operator.id] });
  ids = createIdentity(relay.dataKey);
  actors = await runScenario(relay.emulator);
}, 60_000);
afterAll(() => relay?.stop());

/** Every cell of every table that is about `id`: its lookup keys, a sealed copy of it, or the id itself. */
function aboutPerson(id: number): string[] {
  const keys = [ids.lookupKey(id), ids.lookupKey(`conversation:${id}`)].map((k) => k.toString("hex"));
  const found: string[] = [];
  for (const [table, rows] of Object.entries(dumpTables(relay.dbPath)))
    for (const row of rows as Record<string, unknown>[])
      for (const [column, value] of Object.entries(row)) {
        const where = `${table}.${column}`;
        if (typeof value === "number" && Math.abs(value) === Math.abs(id)) found.push(`${where}: the id`);
        if (typeof value !== "string") continue;
        if (value.includes(String(Math.abs(id)))) found.push(`${where}: the id as text`);
        if (keys.some((k) => value.includes(k))) found.push(`${where}: a lookup key`);
        if (/^[0-9a-f]+$/.test(value) && value.length >= 56) {
          try {
            if (ids.openBytes(Buffer.from(value, "hex")).toString("utf8").includes(String(id)))
              found.push(`${where}: sealed, opens to the id`);
          } catch {
            // Not sealed with this key: something else (a lookup key, another blob).
          }
        }
      }
  return found;
}

async function forgetVia(user: TestUser): Promise<string> {
  const before = user.replies().length;
  user.send("/forget");
  await user.waitForIdle(10_000);
  const confirm = user.replies()[before];
  if (!confirm) throw new Error("no confirmation");
  await user.press(confirm, "fg:yes", { timeoutMs: 5000 });
  await user.waitForIdle(10_000);
  return user.replies().find((m) => m.message_id === confirm.message_id)?.text ?? "";
}

describe("/forget", () => {
  it("a reader: every row about them goes, and the update sent to them leaves their chat", async () => {
    const id = PEOPLE.reader.id;
    expect(aboutPerson(id).length).toBeGreaterThan(0);
    const others = { digest: aboutPerson(PEOPLE.digest.id).length, group: aboutPerson(GROUP.id).length };

    const done = await forgetVia(actors.reader);

    expect(aboutPerson(id)).toEqual([]);
    const update = relay.emulator.sent(id).find((m) => m.text?.includes(UPDATE_TEXT));
    expect(update?.deleted).toBe(true);
    expect(relay.emulator.callsTo("deleteMessages").at(-1)?.params).toMatchObject({ chat_id: id });
    // Said in their language (Russian, chosen with /lang before): what went and how to delete the chat.
    expect(done).toContain("Relay вас забыл");
    expect(done).toContain("ваш выбор языка");
    expect(done).toContain("ваша подписка");
    expect(done).toMatch(/1 недавнее сообщение удалено/);
    expect(done).toContain("«Удалить чат»");
    // Nobody else lost anything.
    expect(aboutPerson(PEOPLE.digest.id)).toHaveLength(others.digest);
    expect(aboutPerson(GROUP.id)).toHaveLength(others.group);
  });

  it("an operator: the draft in progress goes too; only the audit trail (by design) still names them", async () => {
    const id = PEOPLE.operator.id;
    expect(aboutPerson(id).some((f) => f.startsWith("conversation."))).toBe(true);
    // The draft conversation is waiting for a language button: /cancel first, as an operator would.
    actors.operator.send("/cancel");
    await actors.operator.waitForIdle(10_000);
    const done = await forgetVia(actors.operator);
    expect(done).toContain("Relay has forgotten you");
    expect(aboutPerson(id)).toEqual(["audit.operator_key: a lookup key"]);
  });

  it("a second /forget finds nothing left and says so (in the language Telegram reports)", async () => {
    const before = actors.reader.replies().length;
    actors.reader.send("/forget");
    await actors.reader.waitForIdle(10_000);
    expect(actors.reader.replies()[before]?.text).toContain("удалять нечего");
  });
});
