import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscribers } from "../../src/db/subscribers.js";
import { type Harness, lastWithButtons, press, say, startHarness } from "./delivery-harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  const reader = h.emulator.user({ language_code: "fr" });
  subscribers(h.app.db, h.ids, h.now).subscribe(reader.id, { isGroup: false, lang: "fr" });
});
afterAll(() => h.stop());

describe("an operator's words in their language", () => {
  it.each([
    ["fr", "Envoyez le texte en russe.", "+ Русский"],
    ["ru", "Пришлите текст, язык: французский.", "+ Français"],
    ["en", "Send the text in Russian.", "+ Русский"],
  ])(
    "%s: asks for a translation naming the language in the operator's own language",
    async (lang, ask, add) => {
      const op = h.freshOperator();
      await say(h, op, `/lang ${lang}`);
      await say(h, op, "/post");
      await say(h, op, "Released this morning.");
      await press(h, op, lastWithButtons(op), "English");
      const { replies } = await press(h, op, lastWithButtons(op), add);
      expect(replies.at(-1)?.text).toBe(ask);
      await say(h, op, "/cancel");
    },
  );

  it("counts one subscriber and one recipient in the singular (fr)", async () => {
    const op = h.freshOperator();
    await say(h, op, "/lang fr");
    await say(h, op, "/post");
    await say(h, op, "Libérés ce matin.");
    await press(h, op, lastWithButtons(op), "Français");
    await press(h, op, lastWithButtons(op), "Pas d’autre langue");
    const { replies } = await press(h, op, lastWithButtons(op), "Pas sensible");
    const confirm = replies.find((m) => m.text?.startsWith("Publier maintenant"));
    expect(confirm?.text).toContain("Tout de suite : 1 abonné ;");
    await press(h, op, confirm, "Publier");
    await h.settle();
    const publishing = op.replies().find((m) => m.text?.startsWith("Publication de n°"));
    expect(publishing?.text).toMatch(/pour 1 destinataire…/);
  });
});
