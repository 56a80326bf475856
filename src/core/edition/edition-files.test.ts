import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadArticle } from "../article/load.js";
import type { Edition } from "../article/model.js";
import { editionEpub } from "./epub-file.js";
import { editionHtml } from "./html-file.js";
import type { EditionTexts } from "./markup.js";

const article = loadArticle(join(import.meta.dirname, "../../../data"));
const texts: EditionTexts = {
  contents: "Contents",
  notes: "Notes",
  introTitle: "Introduction",
  backToText: "Back to the text",
  colophonTitle: "About this file",
  colophon: [
    { text: "Source: <the article> & more" },
    { text: "t.me/relay_bot", href: "https://t.me/relay_bot" },
  ],
};
const editions = article.available.map((lang) => article.editions[lang] as Edition);

describe("the offline HTML file", () => {
  it.each(editions.map((e) => [e.lang, e] as const))(
    "%s: under 200 KB, every paragraph anchored like the deep links",
    (_lang, edition) => {
      const bytes = editionHtml(edition, texts);
      expect(bytes.length).toBeLessThan(200 * 1024);
      const html = bytes.toString("utf8");
      for (const s of edition.sections) {
        expect(html).toContain(`<section id="s${s.number}">`);
        expect(html).toContain(`<a href="#s${s.number}">`);
        for (const p of s.paragraphs) expect(html).toContain(`id="s${s.number}p${p.index}"`);
      }
      for (const n of edition.notes) {
        expect(html).toContain(`id="c${n.number}" href="#n${n.number}"`);
        expect(html).toContain(`<li id="n${n.number}">`);
        expect(html).toContain(`href="#c${n.number}"`);
      }
    },
  );

  it("styles quotes and questions as the bot does, and escapes text", () => {
    const html = editionHtml(article.editions.fr, texts).toString("utf8");
    expect(html).toMatch(/<blockquote id="s\d+p\d+"><p>/);
    expect(html).toMatch(/<p id="s\d+p\d+" class="question"><b><i>/);
    expect(html).toContain("Source: &lt;the article&gt; &amp; more");
  });

  it("loads nothing: no script, no src, no remote stylesheet or font, only the colophon's link", () => {
    const html = editionHtml(article.editions.ru as Edition, texts).toString("utf8");
    expect(html).not.toMatch(/<script|<img|<iframe|<link|@import|url\(|\bsrc=/i);
    expect(html.match(/https?:\/\/[^"\s<]+/g)).toEqual(["https://t.me/relay_bot"]);
    expect(html).toContain("default-src 'none'");
  });

  it("gives the same bytes for the same edition", () => {
    expect(
      editionHtml(article.editions.en as Edition, texts).equals(
        editionHtml(article.editions.en as Edition, texts),
      ),
    ).toBe(true);
    expect(
      editionEpub(article.editions.en as Edition, texts).equals(
        editionEpub(article.editions.en as Edition, texts),
      ),
    ).toBe(true);
  });

  it("changes the EPUB's identifier when the text changes, and only then", () => {
    const fr = article.editions.fr;
    const uid = (e: Edition) =>
      /urn:uuid:([0-9a-f-]{36})/.exec(editionEpub(e, texts).toString("latin1"))?.[1];
    const edited = { ...fr, title: `${fr.title}!` };
    expect(uid(fr)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uid(fr)).toBe(uid({ ...fr }));
    expect(uid(edited)).not.toBe(uid(fr));
  });
});
