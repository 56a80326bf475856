/**
 * Operator rights: every operator command and button, used by someone who is not an operator (or by an
 * operator outside their own private chat), gets exactly what an unknown command or a stray button gets,
 * and changes nothing in the database.
 */
import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../src/sandbox/test-user.js";
import { dumpTables } from "./db-dump.js";
import { type Relay, startRelay } from "./harness.js";
import { PEOPLE, runScenario } from "./scenario.js";

const CHANNEL = -1_001_555_555_555;
const COMMANDS = [
  "/post",
  "/updates",
  "/retract 1",
  "/edit 1",
  "/stats",
  "/publish",
  "/cancel",
  "/retract",
  "/edit 999",
];
const BUTTONS = [
  "op:l:fr",
  "op:add:ru",
  "op:done",
  "op:join",
  "op:first",
  "op:sens:0",
  "op:sens:1",
  "op:del:6",
  "op:src:1",
  "op:ok",
  "op:no",
  "op:pub",
  "op:rt:1",
];

let relay: Relay;
let stranger: TestUser;
let unknownReply: string;
let strayAnswer: unknown;

/** The text the bot sends back for `text`, or undefined when it stays silent. */
async function replyTo(user: TestUser, text: string): Promise<string | undefined> {
  const before = user.replies().length;
  user.send(text);
  await settle();
  return user.replies()[before]?.text;
}

/** Presses a button carrying `data` on one of the bot's messages in the user's chat, as a modified client could. */
async function forgedPress(user: TestUser, data: string): Promise<unknown> {
  const core = (relay.emulator as unknown as { core: { queries: { open(kind: "callback"): string } } }).core;
  const id = core.queries.open("callback");
  const message = user.lastReply?.message as Message;
  const answered = new Promise<unknown>((resolve) => {
    const listener = (e: { id: string; params: Record<string, unknown> }) => {
      if (e.id !== id) return;
      relay.emulator.off("callbackAnswer", listener);
      resolve(e.params.text);
    };
    relay.emulator.on("callbackAnswer", listener);
  });
  relay.emulator.enqueueUpdate({
    callback_query: { id, from: user.user, chat_instance: "1", data, message },
  });
  const text = await answered;
  await settle();
  return text;
}

async function settle(): Promise<void> {
  for (let seen = -1; seen !== relay.emulator.calls.length; ) {
    seen = relay.emulator.calls.length;
    await relay.emulator.waitForIdle(10_000);
    await new Promise((r) => setTimeout(r, 150));
  }
}

beforeAll(async () => {
  relay = await startRelay({ operatorIds: [PEOPLE.operator.id], env: { CHANNEL_ID: String(CHANNEL) } });
  relay.emulator.channel({ id: CHANNEL, title: "Relay channel" });
  await runScenario(relay.emulator);
  stranger = relay.emulator.user({ id: 7_012_345_678, language_code: "en" });
  unknownReply = (await replyTo(stranger, "/nosuchcommand")) as string;
  strayAnswer = await forgedPress(stranger, "zz:no-such-button");
  // Nothing may be in flight when a "before" snapshot is taken: deliveries done, progress summaries final.
  const busy = () =>
    relay.app.db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM news_update WHERE progress_done = 0)
              + (SELECT COUNT(*) FROM delivery WHERE state IN ('pending', 'sending')) AS n`,
      )
      .get() as { n: number };
  for (const deadline = Date.now() + 20_000; busy().n > 0 && Date.now() < deadline; )
    await new Promise((r) => setTimeout(r, 100));
  await settle();
}, 60_000);
afterAll(() => relay?.stop());

describe("operator commands and buttons from anyone else", () => {
  it("the reference answers are the unknown-command hint and the stray-button answer", () => {
    expect(unknownReply).toContain("/help");
    expect(typeof strayAnswer).toBe("string");
  });

  it.each(COMMANDS)(
    "%s from a reader gets the unknown-command reply and changes nothing",
    async (command) => {
      const before = dumpTables(relay.dbPath);
      expect(await replyTo(stranger, command)).toBe(unknownReply);
      expect(dumpTables(relay.dbPath)).toEqual(before);
    },
  );

  it.each(BUTTONS)(
    "button %s pressed by a reader gets the stray-button answer and changes nothing",
    async (data) => {
      const before = dumpTables(relay.dbPath);
      expect(await forgedPress(stranger, data)).toBe(strayAnswer);
      expect(dumpTables(relay.dbPath)).toEqual(before);
    },
  );

  it("an operator command sent in a group, even by the operator, gets the silence of an unknown command", async () => {
    const admin = relay.emulator.userById(PEOPLE.admin.id) as TestUser;
    const operator = relay.emulator.userById(PEOPLE.operator.id) as TestUser;
    const group = relay.emulator.groupById(-1_001_987_654_321);
    if (!group) throw new Error("no group");
    const before = dumpTables(relay.dbPath);
    const sent = group.replies().length;
    for (const by of [admin, operator])
      for (const command of COMMANDS)
        group.send(by, command.replace(" ", `@${relay.emulator.botInfo.username} `));
    group.send(admin, `/nosuchcommand@${relay.emulator.botInfo.username}`);
    await settle();
    expect(group.replies().slice(sent)).toEqual([]);
    expect(dumpTables(relay.dbPath)).toEqual(before);
  });

  it("a channel post forwarded by a reader is not offered for relay", async () => {
    const before = dumpTables(relay.dbPath);
    const from = stranger.replies().length;
    stranger.forward({ text: "Breaking: forwarded from a channel" }, {
      type: "channel",
      chat: { id: CHANNEL, type: "channel", title: "Relay channel" },
      message_id: 3,
    } as never);
    await settle();
    const texts = stranger
      .replies()
      .slice(from)
      .map((m) => m.text ?? "");
    expect(texts.join("\n")).not.toMatch(/relay|publish|subscribers/i);
    expect(dumpTables(relay.dbPath)).toEqual(before);
  });
});
