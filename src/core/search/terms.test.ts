import { describe, expect, it } from "vitest";
import { onlyStopWords, queryTerms } from "./terms.js";

describe("queryTerms", () => {
  it("keeps each content word's stem once, in order, stop words out", () => {
    expect(queryTerms("Les manifestants et la manifestante d'Almaty", "fr")).toEqual(["manifest", "almaty"]);
  });

  it.each([
    ["the", "en"],
    ["the who", "en"],
    ["c'est quoi", "fr"],
    ["что такое", "ru"],
  ] as const)("searches nothing in %j, made of stop words only, and says so", (query, lang) => {
    expect(queryTerms(query, lang)).toEqual([]);
    expect(onlyStopWords(query)).toBe(true);
  });

  it.each(["the Zhanaozen strike", "🎉", ""])("does not call %j stop words only", (query) => {
    expect(onlyStopWords(query)).toBe(false);
  });

  it("finds nothing to search in punctuation or emoji", () => {
    expect(queryTerms("«…» 🎉", "ru")).toEqual([]);
  });
});
