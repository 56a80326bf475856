import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { markupText, unicodeText } from "./arbitraries.js";
import { type InProcessRelay, inProcessRelay } from "./in-process.js";
import { assertHostile, commandFields, messageUpdate, where } from "./property.js";

let relay: InProcessRelay;
beforeAll(() => {
  relay = inProcessRelay();
});
afterAll(async () => {
  await relay?.close();
});

/** Where text reaches the bot: a plain message, a command's argument, or an edit. */
const shape = fc.constantFrom("text", "/section ", "/note ", "/lang ", "/search ", "/start ", "edit");

function update(text: string, form: string, place: "private" | "group" | "operator", i: number) {
  if (form === "text") return messageUpdate(place, i, { text });
  if (form === "edit") {
    const m = messageUpdate(place, i, { text, edit_date: 1_700_000_001 }).message;
    return { edited_message: m } as never;
  }
  return messageUpdate(place, i, commandFields(`${form}${text}`));
}

describe("hostile Unicode and markup", () => {
  it("handles RTL marks, joiners, combining marks and lone surrogates in every place text goes", async () => {
    await assertHostile(relay, fc.tuple(unicodeText, shape, where), ([text, form, place], i) =>
      update(text, form, place, i),
    );
  }, 180_000);

  it("escapes HTML- and Markdown-looking text wherever it is echoed", async () => {
    await assertHostile(relay, fc.tuple(markupText, shape, where), ([text, form, place], i) =>
      update(text, form, place, i),
    );
  }, 180_000);
});
