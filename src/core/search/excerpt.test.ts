import { describe, expect, it } from "vitest";
import type { Paragraph } from "../article/model.js";
import { excerpt, type Segment, sentencesExcerpt } from "./excerpt.js";
import { fixtureEdition } from "./fixture-article.js";
import { queryTerms } from "./terms.js";

const paragraph = (text: string): Paragraph =>
  fixtureEdition("fr", [{ paragraphs: [text] }]).sections[0]?.paragraphs[0] as Paragraph;
const joined = (segments: Segment[]) => segments.map((s) => s.text).join("");
const marked = (segments: Segment[]) => segments.filter((s) => s.marked).map((s) => s.text);

const long = paragraph(
  "Au départ, les manifestants demandaient la démission du gouvernement et une baisse du prix du gaz. " +
    "Le slogan «Shal ket!» a résonné dans tout le pays pendant plusieurs jours. " +
    "Alors que les manifestations prenaient de l’ampleur, les gens ont voulu un changement complet, " +
    "y compris le départ du président actuel Jomart Tokayev, accusé de tout. " +
    "Ensuite la police a arrêté des milliers de personnes dans les villes du pays.",
);

describe("excerpt", () => {
  it("returns a short paragraph whole, its matching words marked", () => {
    const p = paragraph("Les manifestants ont été arrêtés par la police.");
    const s = excerpt(p, "fr", queryTerms("manifestante arrêtée", "fr"), 200);
    expect(joined(s)).toBe(p.text);
    expect(marked(s)).toEqual(["manifestants", "arrêtés"]);
  });

  it("cuts a long paragraph on whole words around the best match, with … at cut ends", () => {
    const s = excerpt(long, "fr", queryTerms("Tokayev", "fr"), 120);
    const text = joined(s);
    expect(text.length).toBeLessThanOrEqual(120);
    expect(text.startsWith("…")).toBe(true);
    expect(text.endsWith("…")).toBe(true);
    expect(marked(s)).toEqual(["Tokayev"]);
    const inner = text.replace(/^…|…$/g, "");
    expect(long.text).toContain(inner);
    // Whole words: the cut falls next to a space or a punctuation mark.
    const at = long.text.indexOf(inner);
    expect(long.text[at - 1] ?? " ").toMatch(/[\s«(]/);
  });

  it("prefers the window holding the most distinct query words", () => {
    const s = excerpt(long, "fr", queryTerms("police personnes gaz", "fr"), 100);
    expect(marked(s)).toEqual(["police", "personnes"]);
  });

  it("marks adjacent matching words as one segment", () => {
    const p = paragraph("Le mouvement est né avec Asya Tulesova et d’autres.");
    expect(marked(excerpt(p, "fr", queryTerms("asya tulesova", "fr"), 200))).toEqual(["Asya Tulesova"]);
  });

  it("opens on the paragraph's start when nothing matches", () => {
    const s = excerpt(long, "fr", [], 80);
    expect(joined(s).startsWith("Au départ")).toBe(true);
    expect(joined(s).length).toBeLessThanOrEqual(80);
    expect(marked(s)).toEqual([]);
  });

  it("marks Russian words by the Russian stemmer, whatever their case", () => {
    const p = fixtureEdition("ru", [{ paragraphs: ["Ася Тулесова была приговорена к 15 суткам ареста."] }])
      .sections[0]?.paragraphs[0] as Paragraph;
    expect(marked(excerpt(p, "ru", queryTerms("арест тулесовой", "ru"), 200))).toEqual([
      "Тулесова",
      "ареста",
    ]);
  });
});

describe("sentencesExcerpt", () => {
  it("keeps the matching sentences, best first within the limit, in reading order with … between", () => {
    const s = sentencesExcerpt(long, "fr", queryTerms("gaz police", "fr"), 700);
    const text = joined(s);
    expect(text).toContain("baisse du prix du gaz.");
    expect(text).toContain(" … Ensuite la police");
    expect(text).not.toContain("Shal ket");
    expect(marked(s)).toEqual(["gaz", "police"]);
  });

  it("stays under its limit and drops the weaker sentences first", () => {
    const s = sentencesExcerpt(long, "fr", queryTerms("manifestants manifestations police", "fr"), 200);
    expect(joined(s).length).toBeLessThanOrEqual(200);
    expect(marked(s).length).toBeGreaterThan(0);
  });

  it("falls back to a short excerpt when no sentence matches", () => {
    const s = sentencesExcerpt(long, "fr", queryTerms("nadir", "fr"), 90);
    expect(joined(s).startsWith("Au départ")).toBe(true);
    expect(joined(s).length).toBeLessThanOrEqual(90);
  });
});
