/**
 * A 409 Conflict on getUpdates (another program polls with this token: probably stolen) tells every
 * operator, in their own chat and language, before the process is asked to stop.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../src/sandbox/test-user.js";
import { type Relay, startRelay } from "./harness.js";

const OPS = {
  fr: { id: 6_100_000_001, first_name: "Opfr", language_code: "fr" },
  en: { id: 6_100_000_002, first_name: "Open", language_code: "en" },
  ru: { id: 6_100_000_003, first_name: "Opru", language_code: "ru" },
} as const;

let relay: Relay;
let ops: Record<keyof typeof OPS, TestUser>;
let stopAsked = 0;
let warningsWhenStopAsked = -1;

const warnings = () =>
  Object.values(OPS).reduce(
    (n, op) => n + relay.emulator.sent(op.id).filter((m) => m.text?.includes("409 Conflict")).length,
    0,
  );

beforeAll(async () => {
  relay = await startRelay({
    operatorIds: Object.values(OPS).map((o) => o.id),
    onConflict: () => {
      stopAsked++;
      warningsWhenStopAsked = warnings();
    },
  });
  const e = relay.emulator;
  ops = { fr: e.user(OPS.fr), en: e.user(OPS.en), ru: e.user(OPS.ru) };
  // The French and Russian operators chose their language; the English one relies on the default.
  ops.fr.send("/lang fr");
  ops.ru.send("/lang ru");
  await e.waitForIdle(10_000);
  // One warning first meets a 429: it is retried, and the stop still waits for it.
  e.faults.failNext(
    "sendMessage",
    { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } },
    1,
  );
  // Someone else polls with the same token: Telegram ends Relay's poll with 409.
  for (let i = 0; i < 3 && stopAsked === 0; i++) {
    await fetch(`${e.apiRoot}/bot${e.token}/getUpdates`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ timeout: 0, offset: -1 }),
    });
    const deadline = Date.now() + 5000;
    while (stopAsked === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  }
}, 60_000);
afterAll(() => relay?.stop());

describe("a 409 Conflict from Telegram", () => {
  it("asks the process to stop once, after every operator was told", () => {
    expect(stopAsked).toBe(1);
    expect(warningsWhenStopAsked).toBe(3);
  });

  it.each([
    ["fr", "Un autre programme utilise le jeton de ce bot"],
    ["en", "Another program is using this bot’s token"],
    ["ru", "Токен этого бота использует другая программа"],
  ] as const)("tells the %s operator in their language to revoke the token", (lang, text) => {
    const warning = relay.emulator.sent(OPS[lang].id).find((m) => m.text?.includes("409 Conflict"));
    expect(warning?.text).toContain(text);
    expect(warning?.text).toContain("/revoke");
  });

  it("logs it without the token", () => {
    const line = relay.logs.find((l) => l.includes("409 Conflict"));
    expect(line).toBeDefined();
    expect(line).not.toContain(relay.emulator.token.split(":")[1]);
  });
});
