import { describe, expect, it } from "vitest";
import { queryTerms } from "./terms.js";

describe("queryTerms", () => {
  it("keeps each content word's stem once, in order, stop words out", () => {
    expect(queryTerms("Les manifestants et la manifestante d'Almaty", "fr")).toEqual(["manifest", "almaty"]);
  });

  it("searches stop words when the query has nothing else", () => {
    expect(queryTerms("the who", "en")).toEqual(["the", "who"]);
  });

  it("finds nothing to search in punctuation or emoji", () => {
    expect(queryTerms("«…» 🎉", "ru")).toEqual([]);
  });
});
