import { describe, expect, it } from "vitest";
import { fixtureArticle, fixtureEdition, miniArticle } from "./fixture-article.js";
import { answerQuestion, citationOffset, createQuestionMatcher, decide } from "./questions.js";

const article = miniArticle();

describe("answerQuestion", () => {
  it("answers a direct reference in any language", () => {
    expect(answerQuestion(article, "note 2", "fr")).toEqual({ kind: "note", note: 2, direct: true });
    expect(answerQuestion(article, "(1)", "en")).toEqual({ kind: "note", note: 1, direct: true });
    expect(answerQuestion(article, "сноска 2", "ru")).toEqual({ kind: "note", note: 2, direct: true });
  });

  it("says when a direct reference names no footnote of the article", () => {
    expect(answerQuestion(article, "note 9", "fr")).toEqual({ kind: "out-of-range", number: 9 });
    expect(answerQuestion(article, "footnote 0", "en")).toEqual({ kind: "out-of-range", number: 0 });
  });

  it.each([
    ["c'est quoi le nadir ?", "fr", 1],
    ["le contraire du zenith", "fr", 1],
    ["what is a nadir?", "en", 1],
    ["что такое надир?", "ru", 1],
    ["qui a été condamné pour la banderole du marathon ?", "fr", 2],
    ["who was jailed for the marathon banner?", "en", 2],
    ["кого приговорили к 15 суткам?", "ru", 2],
  ] as const)("matches %j (%s) to footnote %i", (text, lang, note) => {
    const a = answerQuestion(article, text, lang);
    expect(a).toMatchObject({ kind: "note", note, direct: false });
    if (a.kind === "note" && !a.direct) expect(a.margin).toBeGreaterThan(0);
  });

  it("matches a question across languages: French typed by a Russian reader, names in either script", () => {
    expect(answerQuestion(article, "c'est quoi le nadir ?", "ru")).toMatchObject({ note: 1 });
    expect(answerQuestion(article, "кто такая Tulesova?", "ru")).toMatchObject({ note: 2 });
  });

  it("tolerates missing accents, case, ё/е and a typo", () => {
    expect(answerQuestion(article, "LE CONTRAIRE DU ZÉNITH", "fr")).toMatchObject({ note: 1 });
    expect(answerQuestion(article, "противоположность зенита", "ru")).toMatchObject({ note: 1 });
    expect(answerQuestion(article, "tulesvoa tolymbekof", "en")).toMatchObject({ note: 2 });
  });

  it("says nothing when no footnote answers", () => {
    expect(answerQuestion(article, "who is Putin?", "en")).toEqual({ kind: "none" });
    expect(answerQuestion(article, "что такое ОДКБ?", "ru")).toEqual({ kind: "none" });
    expect(answerQuestion(article, "", "fr")).toEqual({ kind: "none" });
    expect(answerQuestion(article, "???", "fr")).toEqual({ kind: "none" });
  });

  it("takes a long message for a passage, not a question, and answers noise quickly", () => {
    const long = `${"le nadir est le point le plus bas ".repeat(12)}?`;
    expect(long.length).toBeGreaterThan(400);
    expect(answerQuestion(article, long, "fr")).toEqual({ kind: "none" });
    const noise = Array.from({ length: 60 }, (_, i) => `qzx${(i * 7919) % 997}`)
      .join(" ")
      .slice(0, 390);
    const started = performance.now();
    expect(answerQuestion(article, noise, "fr")).toEqual({ kind: "none" });
    expect(performance.now() - started).toBeLessThan(100);
  });

  it("says nothing when two footnotes match equally", () => {
    const twoAlike = fixtureArticle(
      fixtureEdition(
        "fr",
        [{ paragraphs: ["Des manifestations à Almaty [^1].", "Un marathon à Almaty [^2].", "Autre chose."] }],
        ["Les manifestations de 1986 à Almaty.", "Le marathon de 2019 à Almaty."],
      ),
    );
    expect(answerQuestion(twoAlike, "Almaty ?", "fr")).toEqual({ kind: "none" });
    expect(answerQuestion(twoAlike, "Almaty en 1986 ?", "fr")).toMatchObject({ kind: "note", note: 1 });
  });

  it("works on an article with the French edition only", () => {
    const frOnly = fixtureArticle(article.editions.fr);
    expect(answerQuestion(frOnly, "what is the nadir?", "en")).toMatchObject({ note: 1 });
    expect(answerQuestion(frOnly, "кто такая Тулесова?", "ru")).toMatchObject({ note: 2 });
  });
});

describe("decide", () => {
  it("answers only a clear winner above the threshold", () => {
    expect(decide([5, 1], 2, 1)).toEqual({ kind: "note", note: 1, direct: false, score: 5, margin: 4 });
    expect(decide([5, 4.5], 2, 1)).toEqual({ kind: "none" });
    expect(decide([1, 0], 2, 1)).toEqual({ kind: "none" });
    expect(decide([], 2, 1)).toEqual({ kind: "none" });
  });
});

describe("createQuestionMatcher", () => {
  it("counts words of the citing sentence, less than words of the footnote", () => {
    const matcher = createQuestionMatcher(article);
    const [nadir] = matcher.scores("avtonom");
    const [, marathon] = matcher.scores("tolymbekov");
    expect(nadir).toBe(0); // after the citation: not part of what the footnote explains
    expect(marathon).toBeGreaterThan(0);
    const [president] = matcher.scores("président");
    expect(president).toBeGreaterThan(0);
    expect(president).toBeLessThan(matcher.scores("astronomie")[0] as number);
  });
});

describe("citationOffset", () => {
  it("finds where a citation stands in the paragraph's plain text", () => {
    const e = fixtureEdition("fr", [{ paragraphs: ["Un massacre [^1], et en 2011 [^2]."] }], ["a", "b"]);
    const p = e.sections[0]?.paragraphs[0];
    if (!p) throw new Error("fixture");
    expect(p.text.slice(0, citationOffset(p, 1))).toBe("Un massacre");
    expect(p.text.slice(0, citationOffset(p, 2))).toBe("Un massacre, et en 2011");
  });
});
