import type { InlineQueryResultArticle } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ask, buttons, type RelayUnderTest, say, startRelay } from "../support/relay.js";

let relay: RelayUnderTest;
beforeAll(async () => {
  relay = await startRelay();
});
afterAll(async () => relay.close());

const paragraph = (lang: "fr" | "en" | "ru", section: number, index: number) =>
  relay.app.library.article.editions[lang]?.sections[section - 1]?.paragraphs[index - 1]?.text ?? "";

describe("questions about the footnotes", () => {
  it.each([
    ["fr", "c'est quoi le nadir ?", "Note 2"],
    ["en", "who was jailed for the marathon banner?", "Footnote 4"],
    ["ru", "что такое Казфем?", "Сноска 3"],
    ["fr", "renvoi 2", "Note 2"],
    ["en", "(5)", "Footnote 5"],
    ["ru", "примечание 1", "Сноска 1"],
    ["ru", "сноска 4", "Сноска 4"],
    ["en", "footnote 2", "Footnote 2"],
  ])("in %s, %j is answered like /note", async (code, question, first) => {
    const user = relay.emulator.user({ language_code: code });
    const reply = await ask(relay, user, question);
    expect(reply.text?.split("\n")[0]).toBe(first);
    expect(buttons(reply)).toHaveLength(1);
  });

  it("says which footnotes exist for a number out of range", async () => {
    const user = relay.emulator.user({ language_code: "en" });
    expect((await ask(relay, user, "note 9")).text).toContain("1–5");
  });

  it("falls back to search results when no footnote answers, and says so when nothing matches", async () => {
    const user = relay.emulator.user({ language_code: "en" });
    const results = await ask(relay, user, "what happened in Zhanaozen?");
    expect(results.text).toMatch(/^🔎 “what happened in Zhanaozen\?”/);
    const none = await ask(relay, user, "xylophone quasar");
    expect(none.text).toContain("/sections");
  });
});

describe("/search", () => {
  it("finds inflected Russian forms and marks the matched words", async () => {
    const user = relay.emulator.user({ language_code: "ru" });
    const reply = await ask(relay, user, "/search казахстан");
    expect(reply.text).toMatch(/Результаты 1–5 из \d+/);
    expect(reply.entities?.some((e) => e.type === "bold")).toBe(true);
    expect(reply.text).toMatch(/Казахстан[а-я]/);
  });

  it("pages with a more button that needs no stored state", async () => {
    const user = relay.emulator.user({ language_code: "fr" });
    const first = await ask(relay, user, "/search Tokayev");
    expect(buttons(first).flat()).toContain("Plus de résultats ▶");
    await user.press(first, "Plus de résultats ▶");
    await relay.emulator.waitForIdle();
    expect(user.lastReply?.text).toMatch(/Résultats 6 à/);
  });

  it.each(["/search", "/search x", "/search  "])("answers %j with a usage line", async (command) => {
    const user = relay.emulator.user({ language_code: "en" });
    expect((await ask(relay, user, command)).text).toContain("/search");
  });
});

describe("inline mode", () => {
  it("returns excerpts of at most ~700 characters with a source line and a deep link", async () => {
    const user = relay.emulator.user({ language_code: "en" });
    const answer = await user.inline("Zhanaozen");
    expect(answer.is_personal).toBe(true);
    expect(answer.results.length).toBeGreaterThan(0);
    expect(answer.results.length).toBeLessThanOrEqual(20);
    for (const r of answer.results as InlineQueryResultArticle[]) {
      const content = r.input_message_content as { message_text: string };
      expect(content.message_text.replace(/<[^>]+>/g, "").length).toBeLessThanOrEqual(800);
      expect(content.message_text).toContain("Kazakhstan, January 2022");
      const url = r.reply_markup?.inline_keyboard[0]?.[0];
      expect(url && "url" in url ? url.url : "").toMatch(/\?start=s\dp\d+$/);
    }
  });

  it("lists the sections for an empty query", async () => {
    const user = relay.emulator.user({ language_code: "ru" });
    const answer = await user.inline("");
    expect(answer.results.map((r) => (r as InlineQueryResultArticle).title)).toHaveLength(6);
  });

  it("resolves the Share button's exact reference to that paragraph first", async () => {
    const user = relay.emulator.user({ language_code: "fr" });
    const page = await ask(relay, user, "/section 3");
    const share = page.reply_markup?.inline_keyboard
      .flat()
      .find((b) => "switch_inline_query_chosen_chat" in b);
    const query =
      share && "switch_inline_query_chosen_chat" in share ? share.switch_inline_query_chosen_chat?.query : "";
    expect(query).toBe("s3p1");
    const answer = await user.inline(query ?? "");
    expect((answer.results[0] as InlineQueryResultArticle).id).toBe("fr-s3p1");
  });

  it("escapes article text and copes with markup-looking queries", async () => {
    const user = relay.emulator.user({ language_code: "en" });
    for (const q of ["<b>bold</b> & co", "*_[]()~`>#+-=|{}.!", "a".repeat(300)]) {
      const answer = await user.inline(q);
      expect(Array.isArray(answer.results)).toBe(true);
    }
  });
});

describe("finding the source of an excerpt", () => {
  it("locates a forwarded excerpt in each language, with buttons to read it in the others", async () => {
    for (const lang of ["fr", "en", "ru"] as const) {
      const user = relay.emulator.user({ language_code: "en" });
      const text = paragraph(lang, 4, 3);
      const sender = relay.emulator.user({ first_name: "Someone" });
      const fwd = user.forward({ text }, { type: "user", sender_user: sender.user });
      await relay.emulator.waitForIdle();
      const reply = user.replies({ after: fwd.message_id })[0];
      expect(reply?.text).toContain("“4. A Spring Thirty Years Overdue”");
      expect(reply?.text).toContain("paragraph 3");
      expect(buttons(reply).flat()).toEqual(
        expect.arrayContaining(["Open this place", "Read in FR", "Read in RU"]),
      );
    }
  });

  it("locates a pasted passage that is trimmed and lightly edited", async () => {
    const user = relay.emulator.user({ language_code: "ru" });
    const original = paragraph("ru", 6, 51).split(" ").slice(2, 30);
    original[5] = "совсем";
    const reply = await ask(relay, user, original.join(" ").replace(/[,.]/g, ""));
    expect(reply.text).toContain("раздела «6. ");
    expect(reply.text).toContain("абзац 51");
  });

  it("answers a pasted footnote like /note", async () => {
    const user = relay.emulator.user({ language_code: "fr" });
    const note = relay.app.library.article.editions.fr.notes[1]?.text ?? "";
    expect((await ask(relay, user, note)).text?.split("\n")[0]).toBe("Note 2");
  });

  it("treats text from nowhere in the article as a question", async () => {
    const user = relay.emulator.user({ language_code: "en" });
    const fwd = user.forward(
      { text: "The weather in Lisbon was lovely all week and we went swimming twice" },
      { type: "hidden_user", sender_user_name: "X" },
    );
    await relay.emulator.waitForIdle();
    expect(user.replies({ after: fwd.message_id })).toHaveLength(1);
  });
});

describe("bad input", () => {
  it.each([
    ["4096 characters of noise", "zq".repeat(2048)],
    ["emoji only", "🔥🔥🔥🙂"],
    ["HTML-looking text", "<script>alert(1)</script> & <b>"],
    ["Markdown-looking text", "*bold* _it_ [link](http://x) `code`"],
    ["one character", "?"],
    ["a search whose echo is cut at an emoji", `/search police ${"😀".repeat(100)}`],
    ["a question whose echo is cut at an emoji", `Zhanaozen ${"😀".repeat(100)}`],
  ])("answers %s with exactly one valid message", async (_, text) => {
    const user = relay.emulator.user({ language_code: "en" });
    const replies = await say(relay, user, text);
    expect(replies).toHaveLength(1);
    expect(relay.emulator.calls.filter((c) => !c.ok && c.method === "sendMessage")).toHaveLength(0);
  });
});
