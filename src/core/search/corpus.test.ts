import { describe, expect, it } from "vitest";
import { buildCorpus, corpusOf } from "./corpus.js";
import { miniArticle } from "./fixture-article.js";
import { stemWord } from "./stem.js";

describe("the search corpus", () => {
  const article = miniArticle();

  it("holds every paragraph in reading order, then every footnote, for each edition", () => {
    const fr = corpusOf(article).get("fr");
    expect(fr?.docs.map((d) => d.ref)).toEqual([
      { kind: "paragraph", section: 1, paragraph: 1 },
      { kind: "paragraph", section: 1, paragraph: 2 },
      { kind: "paragraph", section: 2, paragraph: 1 },
      { kind: "paragraph", section: 2, paragraph: 2 },
      { kind: "note", note: 1 },
      { kind: "note", note: 2 },
    ]);
    expect([...corpusOf(article).keys()]).toEqual(["fr", "en", "ru"]);
  });

  it("keeps a section title apart from its first paragraph's words", () => {
    const first = corpusOf(article).get("fr")?.docs[2];
    expect(first?.titleTokens.map((t) => t.word)).toEqual(["entretien", "a", "almaty"]);
    expect(first?.words.has("entretien")).toBe(true);
  });

  it("finds every word of a stem, the same as stemming the whole vocabulary would", () => {
    for (const corpus of corpusOf(article).values()) {
      for (const word of corpus.vocabulary) {
        const stem = stemWord(word, corpus.lang);
        expect(corpus.wordsWithStem(stem)).toContain(word);
      }
    }
  });

  it("counts in how many texts a stem occurs", () => {
    const ru = corpusOf(article).get("ru");
    expect(ru?.stemFrequency(stemWord("надир", "ru"))).toBe(2);
    expect(ru?.stemFrequency("несуществующ")).toBe(0);
  });

  it("is built once per article, unless built with other options", () => {
    expect(corpusOf(article)).toBe(corpusOf(article));
    expect(buildCorpus(article, { stem: false }).get("fr")?.wordsWithStem("manifestants")).toEqual([
      "manifestants",
    ]);
  });
});
