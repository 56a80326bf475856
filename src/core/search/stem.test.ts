import { describe, expect, it } from "vitest";
import { analyze, stems, stemWord } from "./stem.js";

describe("stemWord", () => {
  it("conflates French inflections, accented or not", () => {
    const forms = ["arrêté", "arrêtés", "arrêtée", "arrêtées", "arretees"].map((w) => stems(w, "fr")[0]);
    expect(new Set(forms).size).toBe(1);
    expect(stems("manifestants manifestante", "fr")).toEqual(["manifest", "manifest"]);
  });

  it("conflates English inflections", () => {
    expect(stems("jailed jail jailing", "en")).toEqual(["jail", "jail", "jail"]);
    expect(stems("banners banner", "en")).toEqual(["banner", "banner"]);
  });

  it("conflates Russian cases with the Russian stemmer", () => {
    expect(new Set(stems("сноска сноски сноску сноской", "ru")).size).toBe(1);
    expect(new Set(stems("мародёры мародеров мародерам", "ru")).size).toBe(1);
  });

  it("stems a word by its script: Cyrillic is Russian whatever the language", () => {
    expect(stemWord("сноски", "fr")).toBe(stemWord("сноски", "ru"));
    expect(stemWord("suivantes", "fr")).not.toBe(stemWord("suivantes", "en"));
  });

  it("leaves numbers as they are", () => {
    expect(stemWord("1986", "ru")).toBe("1986");
  });
});

describe("analyze", () => {
  it("keeps each token's offsets next to its stem", () => {
    expect(analyze("Les émeutiers", "fr")).toEqual([
      { word: "les", stem: "le", start: 0, end: 3 },
      { word: "emeutiers", stem: "emeuti", start: 4, end: 13 },
    ]);
  });

  it("can leave words unstemmed, for measuring what stemming does", () => {
    expect(stems("manifestants", "fr", { stem: false })).toEqual(["manifestants"]);
  });
});
