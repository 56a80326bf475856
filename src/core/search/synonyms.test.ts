import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { normalizeWord, words } from "./normalize.js";
import { stemWord } from "./stem.js";
import { SYNONYMS, synonymIndex } from "./synonyms.js";

const glossary = JSON.parse(
  readFileSync(new URL("../../../data/glossary.json", import.meta.url), "utf8"),
) as {
  entries: { id: string; synonyms?: string[] }[];
};

describe("SYNONYMS", () => {
  it("holds every one-word synonym group of data/glossary.json", () => {
    const groups = SYNONYMS.map((g) => new Set(g.map((w) => normalizeWord(w))));
    for (const entry of glossary.entries) {
      const single = (entry.synonyms ?? []).filter((s) => words(s).length === 1).map((s) => normalizeWord(s));
      if (single.length < 2) continue;
      const holder = groups.find((g) => single.every((s) => g.has(s)));
      expect(holder, `${entry.id}: ${single.join(", ")}`).toBeDefined();
    }
  });

  it("is made of single words (matching goes word by word)", () => {
    for (const group of SYNONYMS) for (const w of group) expect(words(w), w).toHaveLength(1);
  });
});

describe("synonymIndex", () => {
  const ru = synonymIndex((w) => stemWord(w, "ru"));

  it("finds a group by any inflected form of a member", () => {
    const stems = ru("мародеров");
    expect(stems).toContain(stemWord("voleurs", "ru"));
    expect(stems).toContain(stemWord("thieves", "ru"));
  });

  it("links the spellings of a name across scripts", () => {
    expect(ru("одкб")).toEqual(expect.arrayContaining([stemWord("otsc", "ru"), stemWord("csto", "ru")]));
  });

  it("gives a word with no synonym its own stem", () => {
    expect(ru("астрономии")).toEqual([stemWord("астрономии", "ru")]);
  });
});
