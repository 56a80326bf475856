import { describe, expect, it } from "vitest";
import { normalizeWord, scriptOf, tokenize, words } from "./normalize.js";

describe("tokenize", () => {
  it("lower-cases, strips Latin accents and keeps offsets into the original text", () => {
    const text = "Élections à AKTOBE";
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.word)).toEqual(["elections", "a", "aktobe"]);
    for (const t of tokens) expect(normalizeWord(text.slice(t.start, t.end))).toBe(t.word);
  });

  it("folds ё to е but keeps й, whose breve makes another letter", () => {
    expect(words("Горбачёв, мародёры, Бейбарыс, й")).toEqual(["горбачев", "мародеры", "бейбарыс", "й"]);
  });

  it.each([
    ["l’Akimat", ["l", "akimat"]],
    ["d'Almaty", ["d", "almaty"]],
    ["qu’il", ["qu", "il"]],
    ["jusqu’à", ["jusqu", "a"]],
    ["n'échapperez", ["n", "echapperez"]],
    ["s’est", ["s", "est"]],
    ["c’est", ["c", "est"]],
    ["J’ai", ["j", "ai"]],
    ["m’ont", ["m", "ont"]],
    ["va-t’il", ["va", "t", "il"]],
  ])("splits the French elision in %j", (text, expected) => {
    expect(words(text)).toEqual(expected);
  });

  it("drops apostrophes inside other words instead of splitting them", () => {
    expect(words("aujourd’hui Yudol’ can't Singapore's")).toEqual([
      "aujourdhui",
      "yudol",
      "cant",
      "singapores",
    ]);
  });

  it("removes punctuation, quotes and hyphens, and keeps digits", () => {
    expect(words("«Shal ket!» – 8.000 personnes, Nur-Sultan (2019)…")).toEqual([
      "shal",
      "ket",
      "8",
      "000",
      "personnes",
      "nur",
      "sultan",
      "2019",
    ]);
  });

  it("applies NFKC and spells out ligatures", () => {
    expect(words("ﬁnale Œuvre cœur ＡＢＣ")).toEqual(["finale", "oeuvre", "coeur", "abc"]);
  });

  it("reads decomposed input like composed input", () => {
    expect(words("e\u0301meute")).toEqual(words("émeute"));
    expect(words("и\u0306од")).toEqual(["йод"]);
  });

  it("finds no words in emoji, symbols or empty text", () => {
    expect(tokenize("😀🎉 → … ©")).toEqual([]);
    expect(tokenize("")).toEqual([]);
  });

  it("can switch each step off, for measuring what it does", () => {
    expect(words("Élan", { foldAccents: false })).toEqual(["élan"]);
    expect(words("мёд", { foldYo: false })).toEqual(["мёд"]);
    expect(words("l’OTSC", { splitElisions: false })).toEqual(["lotsc"]);
  });
});

describe("scriptOf", () => {
  it("tells Latin from Cyrillic by the first letter, and digits from both", () => {
    expect(scriptOf("almaty")).toBe("latin");
    expect(scriptOf("алматы")).toBe("cyrillic");
    expect(scriptOf("2022")).toBe("other");
  });
});
