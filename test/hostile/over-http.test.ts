/**
 * The same kinds of hostile input, about 200 each, end to end: the real app polls the emulator over
 * HTTP, and the emulator's own validators judge every call the bot makes.
 */
import fc from "fast-check";
import type { MessageEntity } from "grammy/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BotApiEmulator } from "../../src/sandbox/emulator.js";
import type { TestUser } from "../../src/sandbox/test-user.js";
import { type Relay, startRelay } from "../security/harness.js";
import {
  COMMANDS,
  callbackData,
  commandArgument,
  deepLinkPayload,
  entity,
  markupText,
  unicodeText,
} from "./arbitraries.js";

const PER_KIND = Number(process.env.HOSTILE_HTTP_RUNS ?? 200);
let relay: Relay;
let emulator: BotApiEmulator;

beforeAll(async () => {
  relay = await startRelay();
  emulator = relay.emulator;
}, 30_000);
afterAll(() => relay?.stop());

const LANGS = ["fr", "en", "ru", "uk", "de"];
const user = (i: number): TestUser => emulator.user({ language_code: LANGS[i % LANGS.length] });

let callsBefore = 0;
let logsBefore = 0;
beforeEach(() => {
  callsBefore = emulator.calls.length;
  logsBefore = relay.logs.length;
});

/** Every call of this test the emulator refused (no fault is armed here) and every logged error. */
async function settle(): Promise<{ refused: string[]; failures: string[] }> {
  // A batch of a hundred handlers can be busy for longer than the emulator's 50 ms quiet window
  // before its first call: idle means no new call for a while, not just one quiet moment.
  for (let seen = -1; seen !== emulator.calls.length; ) {
    seen = emulator.calls.length;
    await emulator.waitForIdle(30_000);
    await new Promise((r) => setTimeout(r, 300));
  }
  const refused = emulator.calls
    .slice(callsBefore)
    .filter((c) => !c.ok && !c.fault)
    .map((c) => `${c.method}: ${c.error?.description} ${JSON.stringify(c.params).slice(0, 200)}`);
  const failures = relay.logs
    .slice(logsBefore)
    .filter((l) => /"level":(50|60)/.test(l))
    .map((l) => l.slice(0, 300));
  return { refused, failures };
}

const sample = <T>(arb: fc.Arbitrary<T>) => fc.sample(arb, { numRuns: PER_KIND });

describe(`hostile input over HTTP (${PER_KIND} per kind)`, () => {
  it("command arguments", async () => {
    sample(fc.tuple(fc.constantFrom(...COMMANDS), commandArgument)).forEach(([c, a], i) => {
      user(i).send(`/${c} ${a}`);
    });
    expect(await settle()).toEqual({ refused: [], failures: [] });
  }, 60_000);

  it("deep-link payloads", async () => {
    sample(deepLinkPayload).forEach((p, i) => {
      user(i).send(`/start ${p}`);
    });
    expect(await settle()).toEqual({ refused: [], failures: [] });
  }, 60_000);

  it("callback data, each answered exactly once", async () => {
    // Queries must be registered as the emulator's own clients would; no public actor presses arbitrary data.
    const core = (emulator as unknown as { core: { queries: { open(kind: "callback"): string } } }).core;
    const ids: string[] = [];
    // Each press is on a real message of the bot's in that chat, as a client's would be.
    const people = sample(callbackData).map((data, i) => ({ data, u: user(i) }));
    for (const { u } of people) u.send("/help");
    await settle();
    callsBefore = emulator.calls.length;
    logsBefore = relay.logs.length;
    for (const { data, u } of people) {
      const id = core.queries.open("callback");
      ids.push(id);
      const message = u.lastReply?.message;
      if (!message) throw new Error("no /help reply to press a button on");
      emulator.enqueueUpdate({ callback_query: { id, from: u.user, chat_instance: "7", data, message } });
    }
    expect(await settle()).toEqual({ refused: [], failures: [] });
    const answered = emulator
      .callsTo("answerCallbackQuery")
      .filter((c) => ids.includes(String(c.params.callback_query_id)));
    expect(answered).toHaveLength(ids.length);
    expect(new Set(answered.map((c) => c.params.callback_query_id)).size).toBe(ids.length);
  }, 60_000);

  it("inline queries", async () => {
    const queries = sample(fc.oneof(unicodeText, markupText, fc.string({ maxLength: 300 })));
    await Promise.all(
      queries.map((q, i) =>
        user(i)
          .inline(q, { timeoutMs: 5000 })
          .catch(() => undefined),
      ),
    );
    expect(await settle()).toEqual({ refused: [], failures: [] });
  }, 60_000);

  it("forwarded messages with odd entities", async () => {
    const forwards = sample(
      fc
        .oneof(unicodeText, markupText)
        .chain((text) => fc.tuple(fc.constant(text || "x"), fc.array(entity(text.length), { maxLength: 6 }))),
    );
    forwards.forEach(([text, entities], i) => {
      user(i).forward({ text, entities: entities as MessageEntity[] }, {
        type: "channel",
        chat: { id: -1_001_111_111_111, type: "channel", title: "Source" },
        message_id: i + 1,
      } as never);
    });
    expect(await settle()).toEqual({ refused: [], failures: [] });
  }, 60_000);

  it("Unicode edge cases and HTML- or Markdown-looking text", async () => {
    sample(unicodeText).forEach((t, i) => {
      user(i).send(t);
    });
    sample(markupText).forEach((t, i) => {
      user(i).send(i % 2 ? t : `/section ${t}`);
    });
    expect(await settle()).toEqual({ refused: [], failures: [] });
  }, 60_000);
});
