import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ask, buttons, type RelayUnderTest, say, startRelay } from "../support/relay.js";

let relay: RelayUnderTest;
beforeAll(async () => {
  relay = await startRelay();
});
afterAll(async () => relay.close());

describe("words and marks in each language", () => {
  it.each([
    ["en", "Zeltser", "🔎 “Zeltser”", "Result 1 of 1", /^1 · section \d$/],
    ["fr", "Zeltser", "🔎 «Zeltser»", "Résultat 1 sur 1", /^1 · partie \d$/],
    ["ru", "Зельцер", "🔎 «Зельцер»", "Результат 1 из 1", /^1 · раздел \d$/],
  ])(
    "%s: one search result reads in the singular, quoted the language's way, its button without §",
    async (lang, query, header, range, button) => {
      const user = relay.emulator.user({ language_code: lang });
      const reply = await ask(relay, user, `/search ${query}`);
      const [first, , second] = (reply.text ?? "").split("\n");
      expect(first).toBe(header);
      expect(second).toBe(range);
      expect(buttons(reply)[0]?.[0]).toMatch(button);
      expect(buttons(reply).flat().join(" ")).not.toContain("§");
    },
  );

  it("cuts a long query in the search header at a word, with an ellipsis", async () => {
    const user = relay.emulator.user({ language_code: "en" });
    const query = `${"Zhanaozen strike ".repeat(14)}Almaty`.trim();
    const [reply] = await say(relay, user, `/search ${query}`);
    const header = reply?.text?.split("\n")[0] ?? "";
    expect(header).toMatch(/^🔎 “Zhanaozen strike .*(Zhanaozen|strike)…”$/);
    expect(header.length).toBeLessThan(215);
  });

  it.each([
    ["ru", "Язык новостей: русский", "ежедневная сводка", ["−1 ч", "+1 ч"], "(UTC)"],
    ["fr", "Langue des nouvelles : français", "un résumé quotidien", ["−1 h", "+1 h"], "(UTC)"],
    ["en", "Language of the updates: English", "a daily digest", ["−1 h", "+1 h"], "(UTC)"],
  ])(
    "%s: /settings names the language in lowercase where the language wants it, its own hour buttons, one UTC form shared with /mydata",
    async (lang, languageLine, daily, hourButtons, utc) => {
      const user = relay.emulator.user({ language_code: lang });
      await say(relay, user, "/subscribe");
      const settings = await ask(relay, user, "/settings");
      expect(settings.text).toContain(languageLine);
      await user.press(settings, { row: 0, col: 1 }); // daily
      await relay.emulator.waitForIdle();
      const shown = user.replies().find((m) => m.message_id === settings.message_id);
      expect(shown?.text).toContain(daily);
      expect(shown?.text).toContain(utc);
      for (const b of hourButtons) expect(buttons(shown).flat()).toContain(b);
      const mydata = await ask(relay, user, "/mydata");
      expect(mydata.text).toContain(utc);
      expect(mydata.text).not.toContain("UTC+00:00");
      if (lang === "ru") expect(`${shown?.text} ${mydata.text}`).not.toMatch(/дайджест/i);
      if (lang !== "en") expect(mydata.text).not.toMatch(/Français|Русский/);
    },
  );

  it("greets in English with English quotes and names a found passage's section once", async () => {
    const user = relay.emulator.user({ language_code: "en" });
    const [greeting] = await say(relay, user, "/start");
    expect(greeting?.text).toMatch(/“[^”]+”/);
    expect(greeting?.text).not.toMatch(/[«»]/);
    const text = relay.app.library.article.editions.ru?.sections[1]?.paragraphs[1]?.text ?? "";
    const [located] = await say(relay, user, text);
    expect(located?.text).toMatch(/^This passage comes from “2\. [^”]+”, paragraph 2/);
    expect(located?.text).not.toMatch(/section 2, “2\./);
  });
});
