/**
 * /privacy and /mydata state what the server is configured to do: how long an audit row names its
 * operator (AUDIT_KEY_HOURS) and how many encrypted backups the server keeps (BACKUP_KEEP), in fr, en, ru.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../src/sandbox/test-user.js";
import { type Relay, startRelay } from "./harness.js";
import { PEOPLE, runScenario } from "./scenario.js";

let relay: Relay;
let operator: TestUser;

/** Every reply to `text`, joined: /privacy comes in parts where one message cannot hold it. */
async function reply(user: TestUser, text: string): Promise<string> {
  const before = user.replies().length;
  user.send(text);
  await user.waitForIdle(10_000);
  return user
    .replies()
    .slice(before)
    .map((m) => m.text ?? "")
    .join("\n\n");
}

beforeAll(async () => {
  relay = await startRelay({
    operatorIds: [PEOPLE.operator.id],
    env: { AUDIT_KEY_HOURS: "72", BACKUP_KEEP: "3" },
  });
  // Limits on and a 429 on the way: the replies still come.
  relay.emulator.faults.failNext(
    "sendMessage",
    { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } },
    1,
  );
  ({ operator } = await runScenario(relay.emulator));
  await reply(operator, "/cancel");
}, 90_000);
afterAll(() => relay?.stop());

describe("/privacy and /mydata with AUDIT_KEY_HOURS=72 and BACKUP_KEEP=3", () => {
  it.each([
    ["en", "for 72 hours, then names no one", "keeps only the latest 3 backups", "until they are replaced"],
    ["fr", "pendant 72 heures, puis ne désigne plus personne", "les 3 dernières sauvegardes", "remplacées"],
    ["ru", "в течение 72 часов, затем ни на кого", "только 3 последние копии", "пока их не заменят"],
  ])("/privacy in %s states both", async (lang, audit, backups, forget) => {
    await reply(operator, `/lang ${lang}`);
    const text = await reply(operator, "/privacy");
    expect(text).toContain(audit);
    expect(text).toContain(backups);
    expect(text).toContain(forget);
  });

  it.each([
    ["en", "the hash is removed 72 hours after the action"],
    ["fr", "l’empreinte est effacée 72 heures après l’action"],
    ["ru", "хеш удаляется по истечении 72 часов после действия"],
  ])("/mydata in %s tells an operator when their key leaves the audit row", async (lang, line) => {
    await reply(operator, `/lang ${lang}`);
    expect(await reply(operator, "/mydata")).toContain(line);
  });
});
