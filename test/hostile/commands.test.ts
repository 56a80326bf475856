import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { COMMANDS, commandArgument } from "./arbitraries.js";
import { type InProcessRelay, inProcessRelay } from "./in-process.js";
import { assertHostile, commandFields, messageUpdate, OPERATOR_ID, where } from "./property.js";

let relay: InProcessRelay;
beforeAll(() => {
  relay = inProcessRelay({ operatorIds: [OPERATOR_ID] });
});
afterAll(async () => {
  await relay?.close();
});

describe("hostile command arguments", () => {
  it("answers or ignores every command with any argument, in any chat, and sends only valid messages", async () => {
    const suffix = fc.constantFrom("", "", "@relay_test_bot", "@other_bot", "@RELAY_TEST_BOT");
    const arb = fc.tuple(
      fc.constantFrom(...COMMANDS),
      suffix,
      fc.constantFrom(" ", "  ", "\n", "\u00A0"),
      commandArgument,
      where,
    );
    await assertHostile(relay, arb, ([command, at, gap, arg, place], i) =>
      messageUpdate(place, i, commandFields(`/${command}${at}${gap}${arg}`)),
    );
  }, 180_000);
});
