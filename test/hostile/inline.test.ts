import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { anyText, markupText, unicodeText } from "./arbitraries.js";
import { type InProcessRelay, inProcessRelay } from "./in-process.js";
import { assertHostile, person } from "./property.js";

let relay: InProcessRelay;
beforeAll(() => {
  relay = inProcessRelay();
});
afterAll(async () => {
  await relay?.close();
});

describe("hostile inline queries", () => {
  it("answers each inline query at most once with valid results, whatever its text and offset", async () => {
    const query = fc.oneof(
      anyText(120),
      anyText(300),
      unicodeText,
      markupText,
      fc.constantFrom("s1", "n2", "s3p4", "", " "),
    );
    const offset = fc.oneof(fc.constant(""), fc.nat(1000).map(String), anyText(70));
    const chatType = fc.constantFrom(undefined, "sender", "private", "group", "supergroup", "channel");
    await assertHostile(
      relay,
      fc.tuple(query, offset, chatType),
      ([q, off, type], i) =>
        ({
          inline_query: {
            id: `iq${i}`,
            from: person(i),
            query: q,
            offset: off,
            ...(type ? { chat_type: type } : {}),
          },
        }) as never,
    );
  }, 180_000);
});
