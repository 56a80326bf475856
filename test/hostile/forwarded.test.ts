import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { anyText, entity, markupText, unicodeText } from "./arbitraries.js";
import { type InProcessRelay, inProcessRelay } from "./in-process.js";
import { assertHostile, messageUpdate, OPERATOR_ID, where } from "./property.js";

let relay: InProcessRelay;
beforeAll(() => {
  relay = inProcessRelay({ operatorIds: [OPERATOR_ID] });
});
afterAll(async () => {
  await relay?.close();
});

const origin = fc.oneof(
  fc.record({
    type: fc.constant("channel"),
    date: fc.nat(2e9),
    chat: fc.record({
      id: fc.constant(-1_001_111_111_111),
      type: fc.constant("channel"),
      title: anyText(40),
      username: fc.option(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{3,31}$/), { nil: undefined }),
    }),
    message_id: fc.nat(1e6),
  }),
  fc.record({
    type: fc.constant("user"),
    date: fc.nat(2e9),
    sender_user: fc.record({ id: fc.constant(1_234_567_890), is_bot: fc.boolean(), first_name: anyText(30) }),
  }),
  fc.record({ type: fc.constant("hidden_user"), date: fc.nat(2e9), sender_user_name: anyText(30) }),
  fc.record({
    type: fc.constant("chat"),
    date: fc.nat(2e9),
    sender_chat: fc.record({
      id: fc.constant(-1_002_222_222_222),
      type: fc.constant("supergroup"),
      title: anyText(30),
    }),
  }),
);

const content = fc.oneof(anyText(300), unicodeText, markupText, anyText(4200)).chain((text) =>
  fc.record({
    text: fc.constant(text),
    entities: fc.array(entity(text.length), { maxLength: 8 }),
    photo: fc.boolean(),
  }),
);

describe("hostile forwarded messages", () => {
  it("answers or ignores forwards with odd entities, from anyone, including an operator's relay offer", async () => {
    await assertHostile(relay, fc.tuple(content, origin, where), ([c, o, place], i) =>
      messageUpdate(place, i, {
        forward_origin: o,
        ...(c.photo
          ? {
              photo: [{ file_id: `F${i}`, file_unique_id: `U${i}`, width: 10, height: 10 }],
              caption: c.text.slice(0, 1024),
              caption_entities: c.entities,
            }
          : { text: c.text || "x", entities: c.entities }),
      }),
    );
  }, 180_000);
});
