import { describe, expect, it } from "vitest";
import { fixtureArticle, miniArticle } from "../core/search/fixture-article.js";
import { stemWord } from "../core/search/stem.js";
import { createSearchIndex } from "./search-index.js";

const article = miniArticle();
const index = createSearchIndex(article);
const places = (r: { hits: { section: number; paragraph: number }[] }) =>
  r.hits.map((h) => `s${h.section}p${h.paragraph}`);

describe("createSearchIndex", () => {
  it("finds paragraphs by inflected forms, best first, with the stems that matched", () => {
    const r = index.search("manifestant occupe", "fr");
    expect(r.total).toBe(2); // s2p2: "l’OTSC occupe l’aéroport"
    expect(r.hits[0]).toMatchObject({ lang: "fr", section: 1, paragraph: 1, terms: ["manifest", "occup"] });
    expect(r.hits[0]?.score).toBeGreaterThan(0);
  });

  it("ranks by bm25 over an OR of the query's words", () => {
    const r = index.search("Almaty police", "fr");
    expect(places(r)[0]).toBe("s1p1"); // both words
    expect(r.total).toBe(2); // s2p1 holds Almaty in its section title
  });

  it("weighs a section's title on its first paragraph", () => {
    expect(places(index.search("entretien", "fr"))).toEqual(["s2p1"]);
  });

  it("searches the reader's edition, in Russian by Russian stems", () => {
    const r = index.search("солдатам ОДКБ", "ru");
    expect(r.hits[0]).toMatchObject({ lang: "ru", section: 2, paragraph: 2 });
  });

  it("falls back to the other editions when the reader's has no match", () => {
    const r = index.search("l'aeroport de la ville", "ru");
    expect(r.hits[0]).toMatchObject({ lang: "fr", section: 2, paragraph: 2 });
  });

  it("pages with limit and offset, and counts every match", () => {
    const all = index.search("the", "en", { limit: 50 });
    const second = index.search("the", "en", { limit: 1, offset: 1 });
    expect(second.total).toBe(all.total);
    expect(second.hits).toEqual(all.hits.slice(1, 2));
  });

  it("matches the last word as a prefix when asked, for queries typed as they are read", () => {
    expect(index.search("tules", "fr").total).toBe(0);
    const r = index.search("tules", "fr", { prefix: true });
    expect(places(r)).toEqual(["s2p1"]);
    expect(r.hits[0]?.terms).toContain(stemWord("tulesova", "fr"));
  });

  it.each(['"', "NEAR(", "*", "-", "AND", "OR", "NOT", '"almaty" OR', "a:b", "^", "(", ")", "{x}", "'"])(
    "never reads user text as FTS5 syntax: %j",
    (query) => {
      expect(() => index.search(query, "fr")).not.toThrow();
      expect(() => index.search(query, "fr", { prefix: true })).not.toThrow();
    },
  );

  it("returns nothing for an empty query or one with no word", () => {
    expect(index.search("", "fr")).toEqual({ total: 0, hits: [] });
    expect(index.search("«…» 🎉", "en")).toEqual({ total: 0, hits: [] });
  });

  it("works with the French edition only, and is built in a few milliseconds", () => {
    const started = performance.now();
    const frOnly = createSearchIndex(fixtureArticle(article.editions.fr));
    expect(performance.now() - started).toBeLessThan(100);
    expect(frOnly.search("nadir", "en").hits[0]).toMatchObject({ lang: "fr", section: 1, paragraph: 2 });
  });
});
