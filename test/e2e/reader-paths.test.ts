import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ask, buttons, type RelayUnderTest, startRelay } from "../support/relay.js";

let relay: RelayUnderTest;
beforeAll(async () => {
  relay = await startRelay();
  // Telegram's limits on: nothing here may depend on sending faster than a chat allows.
  relay.emulator.setRateLimit({ global: 30, perChat: 1, perGroupPerMinute: 20 });
});
afterAll(async () => relay.close());

const CYRILLIC = /[а-яё]/i;
/** The excerpt lines of a results message: what follows each "N. title" line. */
const excerpts = (text: string | undefined) =>
  (text ?? "")
    .split("\n\n")
    .filter((block) => /^\d+\. /.test(block))
    .map((b) => b.split("\n")[1] ?? "");

describe("results in the reader's own edition", () => {
  it("shows a Russian reader the Russian twins of paragraphs matched in the French edition, and says so", async () => {
    const user = relay.emulator.user({ language_code: "ru" });
    const reply = await ask(relay, user, "/search Almaty");
    expect(reply.text).toContain("найдены в издании на языке: французский");
    const shown = excerpts(reply.text);
    expect(shown.length).toBeGreaterThan(0);
    for (const e of shown) expect(e).toMatch(CYRILLIC);
    expect(reply.text).not.toMatch(/Dans Anarchist|Selon|soulèvement/);
  });

  it.each([
    ["fr", "/search ОДКБ", "russe", /[éèàç]|\b(le|la|les|des)\b/],
    ["en", "/search Алматы", "Russian", /\b(the|and|of)\b/],
  ])(
    "%s: a query in another language's words gets the reader's twins",
    async (lang, query, language, own) => {
      const user = relay.emulator.user({ language_code: lang });
      const reply = await ask(relay, user, query);
      expect(reply.text).toContain(language);
      const shown = excerpts(reply.text);
      expect(shown.length).toBeGreaterThan(0);
      for (const e of shown) expect(e).not.toMatch(CYRILLIC);
      expect(shown.join(" ")).toMatch(own);
    },
  );

  it("answers inline queries with the reader's edition only (ru)", async () => {
    const user = relay.emulator.user({ language_code: "ru" });
    const answer = await user.inline("Almaty");
    expect(answer.results.length).toBeGreaterThan(0);
    for (const r of answer.results) expect((r as { description?: string }).description).toMatch(CYRILLIC);
  });
});

describe("lead-ins are never an excerpt on their own", () => {
  it.each([
    ["en", "Zhanaozen", "From Anarchist Fighter:"],
    ["fr", "Zhanaozen", "Dans Anarchist Fighter:"],
    ["ru", "Жанаозен", "На канале Anarchist Fighter:"],
  ])(
    "%s: @%s offers the lead-in joined to the quote it introduces, and sharing it draws no reply",
    async (lang, query, lead) => {
      const user = relay.emulator.user({ language_code: lang });
      const answer = await user.inline(query);
      const descriptions = answer.results.map((r) => (r as { description?: string }).description ?? "");
      expect(descriptions.some((d) => d.trim() === lead)).toBe(false);
      const joined = answer.results.findIndex((_, i) => descriptions[i]?.startsWith(lead));
      expect(joined).toBeGreaterThanOrEqual(0);
      const sent = user.chooseInlineResult(answer.results[joined] as never, query);
      expect((sent.text ?? "").length).toBeGreaterThan(lead.length + 40);
      await relay.emulator.waitForIdle();
      expect(user.replies({ after: sent.message_id })).toHaveLength(0);
    },
  );

  it("never ends a page on a lead-in (ru section 3, where «Anarchist Fighter пишет:» used to end page 2)", async () => {
    const user = relay.emulator.user({ language_code: "ru" });
    const first = await ask(relay, user, "/section 3");
    const pages = Number(/страница 1\/(\d+)/.exec(first.text ?? "")?.[1]);
    let shown = first;
    for (let page = 1; page <= pages; page++) {
      const body = (shown.text ?? "").split("\n\n").slice(0, -1);
      expect(body.at(-1), `page ${page}`).not.toMatch(/:\s*$/);
      if (page === pages) break;
      await user.press(shown, "Вперёд ▶");
      await relay.emulator.waitForIdle();
      shown = user.replies().find((m) => m.message_id === first.message_id) ?? shown;
    }
  }, 30_000);
});

describe("reading straight through", () => {
  it.each([
    ["en", "Next section ▶", "Contents", "3. "],
    ["fr", "Partie suivante ▶", "Sommaire", "3. "],
    ["ru", "Следующий раздел ▶", "Оглавление", "3. "],
  ])(
    "%s: the last page of a section leads to the next section and to the contents",
    async (lang, next, contents, third) => {
      const user = relay.emulator.user({ language_code: lang });
      const page = await ask(relay, user, "/section 2"); // one page
      expect(buttons(page).flat()).toEqual(expect.arrayContaining([next, contents]));
      await user.press(page, next);
      await relay.emulator.waitForIdle();
      const edited = user.replies().find((m) => m.message_id === page.message_id);
      expect(edited?.text?.startsWith(third)).toBe(true);
      expect(buttons(edited).flat()).not.toContain(contents); // section 3 has more pages
      const last = await ask(relay, user, "/section 6");
      expect(buttons(last).flat()).not.toContain(next); // page 1 of several: ▶ only
    },
    30_000,
  );

  it("ends the article with Contents only, which opens the table of contents", async () => {
    const user = relay.emulator.user({ language_code: "en" });
    let page = await ask(relay, user, "/section 5"); // one page; then section 6 to its end
    await user.press(page, "Next section ▶");
    await relay.emulator.waitForIdle();
    page = user.replies().find((m) => m.message_id === page.message_id) ?? page;
    while (buttons(page).flat().includes("Next ▶")) {
      await user.press(page, "Next ▶");
      await relay.emulator.waitForIdle();
      page = user.replies().find((m) => m.message_id === page.message_id) ?? page;
    }
    expect(buttons(page).flat()).toContain("Contents");
    expect(buttons(page).flat()).not.toContain("Next section ▶");
    const contentsReply = user.nextReply(5000); // a new message, which may wait out the per-chat limit
    await user.press(page, "Contents");
    expect((await contentsReply).text).toContain("Contents");
  }, 30_000);

  it.each([
    ["en", "Open this place in the article"],
    ["fr", "Ouvrir ce passage de l’article"],
    ["ru", "Открыть это место в статье"],
  ])("%s: Open this place marks the paragraph meant with ▶", async (lang, open) => {
    const user = relay.emulator.user({ language_code: lang });
    const note = await ask(relay, user, "/note 1");
    const opened = user.nextReply(5000);
    await user.press(note, open);
    const page = (await opened).text ?? "";
    const marked = page.split("\n\n").filter((p) => p.startsWith("▶ "));
    expect(marked).toHaveLength(1);
    expect(marked[0]).toContain("[1]");
  });
});
