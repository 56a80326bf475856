import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updates } from "../../src/db/updates.js";
import { type Harness, lastWithButtons, OPERATOR_IDS, press, say, startHarness } from "./delivery-harness.js";

/** /edit in Russian: a text over the limit is asked for again, and an old button gets a word. */
describe("/edit keeps the draft on a bad step (Russian operator)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  it("asks again for a corrected text over the limit, and answers a press on an earlier step's button", async () => {
    const reader = h.emulator.user({ language_code: "ru" });
    await say(h, reader, "/subscribe");
    const op = h.emulator.user({ id: OPERATOR_IDS.at(-1) as number, language_code: "ru", first_name: "Оп" });
    const { id } = updates(h.app.db, h.ids, h.now).publish({
      draftKey: "e",
      // Two languages, so that /edit asks which one (with one, it asks nothing).
      content: {
        original: "ru",
        bodies: { ru: { text: "Освобождена", entities: [] }, en: { text: "Released", entities: [] } },
      },
      sensitive: false,
    });
    h.app.delivery.kick();
    await h.settle();
    await say(h, op, `/edit ${id}`);
    const which = lastWithButtons(op);
    await press(h, op, which, "Русский");
    // 4090 letters, plus the note readers of French and English get: over 4096.
    const [tooLong] = await say(h, op, "я".repeat(4090));
    expect(tooLong?.text).toMatch(
      /^Слишком длинно для отправки: \d+ символов.*Пришлите текст покороче, язык: русский/,
    );
    // The language buttons belong to the step before: pressing one again changes nothing but gets a word.
    const { replies } = await press(h, op, which, "Русский");
    expect(replies.at(-1)?.text).toMatch(/^Эта кнопка относится к одному из прошлых шагов черновика/);
    const preview = await say(h, op, "Освобождена через 3 дня");
    expect(preview.some((m) => m.text === "Освобождена через 3 дня")).toBe(true);
    await press(h, op, lastWithButtons(op), "Применить исправление");
    expect(op.lastReply?.text).toMatch(/^Новость № \d+ исправлена/);
    expect(updates(h.app.db, h.ids, h.now).get(id)?.content.bodies.ru?.text).toBe("Освобождена через 3 дня");
    await h.settle();
    expect(reader.lastReply?.text).toBe("Освобождена через 3 дня");
    expect(reader.lastReply?.edited).toBe(true);
  });
});
