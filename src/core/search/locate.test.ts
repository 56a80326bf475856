import { describe, expect, it } from "vitest";
import { miniArticle } from "./fixture-article.js";
import { locateExcerpt, looksLikeExcerpt } from "./locate.js";

const article = miniArticle();
const text = (lang: "fr" | "en" | "ru", section: number, paragraph: number) =>
  article.editions[lang]?.sections[section - 1]?.paragraphs[paragraph - 1]?.text ?? "";

describe("locateExcerpt", () => {
  it("finds a paragraph quoted whole, in any edition", () => {
    expect(locateExcerpt(article, text("fr", 2, 1))).toEqual({
      kind: "paragraph",
      lang: "fr",
      section: 2,
      paragraph: 1,
      coverage: 1,
    });
    expect(locateExcerpt(article, text("ru", 1, 2))).toMatchObject({ lang: "ru", section: 1, paragraph: 2 });
  });

  it("finds a trimmed, re-punctuated passage with a word changed", () => {
    const pasted =
      "mouvement a démarré apres l'action de Beibarys Tolymbekov et d'Asya Tulesova durant le marathon";
    const found = locateExcerpt(article, pasted);
    expect(found).toMatchObject({ kind: "paragraph", lang: "fr", section: 2, paragraph: 1 });
    expect(found?.coverage).toBeGreaterThanOrEqual(0.7);
    expect(found?.coverage).toBeLessThan(1);
  });

  it("returns the first paragraph of a passage running over two", () => {
    const pasted = `${text("en", 1, 1).split(". ")[1]} ${text("en", 1, 2)}`;
    expect(locateExcerpt(article, pasted)).toMatchObject({ lang: "en", section: 1, paragraph: 1 });
  });

  it("finds a footnote", () => {
    const pasted = "Tulesova and Beibarys Tolymbekov were sentenced to 15 days in prison for a banner";
    expect(locateExcerpt(article, pasted)).toMatchObject({ kind: "note", lang: "en", note: 2 });
  });

  it("finds nothing for text the article does not hold", () => {
    expect(
      locateExcerpt(article, "The weather in Almaty is cold and the mountains are white in winter"),
    ).toBe(undefined);
    expect(locateExcerpt(article, "Almaty marathon")).toBe(undefined);
  });

  it.each([
    [
      "4,096 characters of noise",
      Array.from({ length: 600 }, (_, i) => `qx${(i * 7919) % 1000}`)
        .join(" ")
        .slice(0, 4096),
    ],
    ["emoji only", "😀🎉🔥".repeat(600)],
    ["markup", "<b>la</b> <i>police</i> <a href='tg://x'>de</a> [^1] **gras** ".repeat(80).slice(0, 4096)],
    ["punctuation only", "«»—–…!?.,;:()[]{}".repeat(200)],
    ["empty text", ""],
  ])("returns nothing quickly for %s", (_, input) => {
    const started = performance.now();
    expect(locateExcerpt(article, input)).toBe(undefined);
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe("looksLikeExcerpt", () => {
  it("takes eight words or more, not phrased as a question, for a pasted passage", () => {
    expect(looksLikeExcerpt(text("fr", 2, 1))).toBe(true);
    expect(looksLikeExcerpt("Quand les manifestants se sont approchés de la place, la police a tiré.")).toBe(
      true,
    );
  });

  it.each([
    "trop court pour un extrait",
    "Pourquoi la police a-t-elle tiré sur les manifestants place de la République",
    "What happened at the Almaty marathon in 2019 with the banner",
    "Кто пытался задерживать воров в ту ночь в Алматы и почему",
    "Les manifestants ont-ils vraiment été payés avec de la vodka en 1986 ?",
    "Was the uprising organised by someone behind the scenes or not?»",
  ])("does not take %j for one", (input) => {
    expect(looksLikeExcerpt(input)).toBe(false);
  });
});
