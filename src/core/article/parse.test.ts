import { describe, expect, it } from "vitest";
import { ArticleFormatError, parseEdition } from "./parse.js";

const sample = `---
lang: fr
title: Essai
---

## {#s1}

{#1} Premier paragraphe.

## {#s2} Deuxième

{#1 question} Une question ?

{#2 quote} «Un massacre [^1], et puis.»

[^1]: La note.
`;

describe("parseEdition", () => {
  it("reads sections, paragraph kinds, citations and footnotes", () => {
    const e = parseEdition(sample, "a.md");
    expect(e.lang).toBe("fr");
    expect(e.sections.map((s) => s.title)).toEqual([undefined, "Deuxième"]);
    const quote = e.sections[1]?.paragraphs[1];
    expect(quote?.kind).toBe("quote");
    expect(quote?.notes).toEqual([1]);
    expect(quote?.text).toBe("«Un massacre, et puis.»");
    expect(quote?.inlines).toEqual([
      { kind: "text", text: "«Un massacre " },
      { kind: "cite", note: 1 },
      { kind: "text", text: ", et puis.»" },
    ]);
    expect(e.notes).toEqual([{ number: 1, text: "La note.", citedIn: { section: 2, paragraph: 2 } }]);
  });

  it("reads an edition's optional date and refuses one that is not YYYY-MM-DD", () => {
    expect(parseEdition(sample, "a.md").date).toBeUndefined();
    expect(parseEdition(sample.replace("title: Essai", "title: Essai\ndate: 2026-11-25"), "a.md").date).toBe(
      "2026-11-25",
    );
    expect(() =>
      parseEdition(sample.replace("title: Essai", "title: Essai\ndate: 25/11/2026"), "a.md"),
    ).toThrow(/YYYY-MM-DD/);
  });

  it.each([
    ["a skipped paragraph number", sample.replace("{#2 quote}", "{#3 quote}"), "a.md:14"],
    ["an uncited footnote", sample.replace(" [^1]", ""), "a.md:16"],
    ["a stray line", sample.replace("{#1} Premier", "Premier"), "a.md:8"],
    ["a missing lang", sample.replace("lang: fr", "lang: de"), "a.md:2"],
  ])("names file and line for %s", (_, text, where) => {
    expect(() => parseEdition(text, "a.md")).toThrow(ArticleFormatError);
    expect(() => parseEdition(text, "a.md")).toThrow(where);
  });
});
