import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { callbackData } from "./arbitraries.js";
import { type InProcessRelay, inProcessRelay } from "./in-process.js";
import { assertHostile, OPERATOR_ID, person, where } from "./property.js";

let relay: InProcessRelay;
beforeAll(() => {
  relay = inProcessRelay({ operatorIds: [OPERATOR_ID] });
});
afterAll(async () => {
  await relay?.close();
});

describe("hostile callback data", () => {
  it("answers every callback query exactly once, whatever its data, and never sends anything invalid", async () => {
    const arb = fc.tuple(callbackData, where, fc.boolean(), fc.nat(5000));
    await assertHostile(relay, arb, ([data, place, inline, messageId], i) => {
      const from = person(i, place === "operator");
      const chat =
        place === "group"
          ? { id: -1_009_876_543_210, type: "supergroup" as const, title: "g" }
          : { id: from.id, type: "private" as const, first_name: from.first_name };
      const origin = inline
        ? { inline_message_id: `AAAA${messageId}` }
        : { message: { message_id: messageId + 1, date: 1_700_000_000, chat, text: "old page" } };
      return { callback_query: { id: `cb${i}`, from, chat_instance: "42", data, ...origin } };
    });
  }, 180_000);
});
