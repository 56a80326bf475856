import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadArticle } from "../../src/core/article/load.js";
import type { Article, Paragraph } from "../../src/core/article/model.js";
import { corpusOf } from "../../src/core/search/corpus.js";
import { locateExcerpt } from "../../src/core/search/locate.js";
import { words } from "../../src/core/search/normalize.js";
import { stemWord } from "../../src/core/search/stem.js";
import { createSearchIndex } from "../../src/db/search-index.js";

/* The search features on the real article, with whichever editions data/ holds. */

const dataDir = process.env.RELAY_EVAL_DATA ?? fileURLToPath(new URL("../../data", import.meta.url));
const load = (): Article => loadArticle(dataDir);
const article = load();
const editions = article.available.map((lang) => article.editions[lang]).filter((e) => e !== undefined);
const paragraphs = editions.flatMap((e) =>
  e.sections.flatMap((s) => s.paragraphs.map((p) => ({ lang: e.lang, p }))),
);

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

describe("stems matched at query time", () => {
  it("find every word of every edition, as stemming the whole text up front would", () => {
    for (const corpus of corpusOf(article).values())
      for (const word of corpus.vocabulary)
        expect(corpus.wordsWithStem(stemWord(word, corpus.lang)), `${corpus.lang}: ${word}`).toContain(word);
  });
});

describe("the full-text index of the article", () => {
  it("is built in tens of milliseconds: tokenising every edition, then inserting the rows", () => {
    const runs = [load(), load(), load()].map((fresh) => ({
      corpus: timed(() => corpusOf(fresh)).ms,
      fts: timed(() => createSearchIndex(fresh)).ms,
    }));
    console.log(
      `search index of ${article.available.join("+")} (tokenising, shared with questions and locate; ` +
        `then FTS5 rows): ${runs.map((r) => `${r.corpus.toFixed(1)} + ${r.fts.toFixed(1)} ms`).join(", ")}`,
    );
    const last = runs.at(-1) as (typeof runs)[number];
    expect(last.corpus + last.fts).toBeLessThan(150);
  });

  it("finds the Kazfem paragraph in every edition, and answers a query in a few milliseconds", () => {
    const index = createSearchIndex(article);
    for (const lang of article.available) {
      const { value, ms } = timed(() => index.search("Kazfem", lang));
      expect(value.hits[0], lang).toMatchObject({ lang, section: 6 });
      expect(ms).toBeLessThan(50);
    }
  });
});

describe("locating a pasted passage in the article", () => {
  const long = paragraphs.filter(({ p }) => words(p.text).length >= 12);
  const located = (text: string) => locateExcerpt(article, text);
  const expected = ({ lang, p }: { lang: string; p: Paragraph }) => ({
    lang,
    section: p.section,
    paragraph: p.index,
  });

  it("finds every paragraph of every edition from its own text", () => {
    for (const x of long) expect(located(x.p.text), x.p.text.slice(0, 60)).toMatchObject(expected(x));
  });

  it("finds paragraphs trimmed at both ends and with every sixth word changed", () => {
    let found = 0;
    for (const x of long) {
      const w = x.p.text.split(/\s+/);
      const changed = w.slice(2, -2).map((word, i) => (i % 6 === 5 ? "xyz" : word));
      const hit = located(changed.join(" "));
      if (hit?.kind === "paragraph" && hit.section === x.p.section && hit.paragraph === x.p.index) found++;
    }
    console.log(`locate, trimmed and altered paragraphs: ${found}/${long.length}`);
    expect(found / long.length).toBeGreaterThanOrEqual(0.95);
  });

  it("returns the first of two adjacent paragraphs a passage runs over", () => {
    for (const e of editions) {
      const s = e.sections.find((x) => x.paragraphs.length >= 3) ?? e.sections[0];
      const [a, b] = s?.paragraphs.filter((p) => words(p.text).length >= 20) ?? [];
      if (!a || !b || b.index !== a.index + 1) continue;
      const tail = a.text.split(/\s+/).slice(-15).join(" ");
      const head = b.text.split(/\s+/).slice(0, 10).join(" ");
      expect(located(`${tail} ${head}`), e.lang).toMatchObject({ section: a.section, paragraph: a.index });
    }
  });

  it("answers in a few milliseconds for 4,096 characters of text or noise, and finds nothing in noise", () => {
    located("warm-up text for the index of the article, long enough to be read as one");
    const real = paragraphs
      .map(({ p }) => p.text)
      .join(" ")
      .slice(10_000, 14_096);
    const noise = Array.from({ length: 700 }, (_, i) => `w${(i * 7919) % 5003}`)
      .join(" ")
      .slice(0, 4096);
    const markup = "<b>la police</b> <a href='https://t.me/x'>de la</a> **et** ".repeat(80).slice(0, 4096);
    const times = [real, noise, markup, "🙂".repeat(2048)].map((t) => timed(() => located(t)));
    console.log(`locate on 4,096 characters: ${times.map((t) => `${t.ms.toFixed(1)} ms`).join(", ")}`);
    expect(times.slice(1).map((t) => t.value)).toEqual([undefined, undefined, undefined]);
    for (const t of times) expect(t.ms).toBeLessThan(50);
  });
});
