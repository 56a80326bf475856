import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLibrary } from "./library.js";
import { loadArticle } from "./load.js";
import type { Section } from "./model.js";
import { PAGE_BUDGET, paginate } from "./paginate.js";
import { visibleText } from "./text.js";

const article = loadArticle(join(import.meta.dirname, "../../../data"));

describe("paginate", () => {
  it("keeps every paragraph, in order, on pages within the budget, for every edition", () => {
    for (const lang of article.available) {
      const edition = article.editions[lang];
      for (const section of edition?.sections ?? []) {
        const pages = paginate(section);
        const seen = pages.flatMap((p) =>
          p.items.filter((i) => !i.part || i.part.first).map((i) => i.paragraph.index),
        );
        expect(seen).toEqual(section.paragraphs.map((p) => p.index));
        for (const page of pages) {
          const used = page.items.reduce(
            (n, i) => n + (i.part?.text ?? visibleText(i.paragraph)).length + 2,
            -2,
          );
          expect(used).toBeLessThanOrEqual(PAGE_BUDGET);
          expect(page.pages).toBe(pages.length);
        }
      }
    }
  });

  it("splits the long sections of the article into several pages", () => {
    const lib = createLibrary(article);
    expect(lib.pages(article.editions.fr, 6)?.length).toBeGreaterThan(3);
    expect(lib.pages(article.editions.fr, 1)?.length).toBe(2);
  });

  it("cuts a paragraph longer than a page between sentences, never inside a word", () => {
    const sentence = "Une phrase de longueur moyenne qui se termine bien.";
    const long = Array.from({ length: 120 }, () => sentence).join(" ");
    const section: Section = {
      number: 1,
      paragraphs: [
        {
          section: 1,
          index: 1,
          kind: "text",
          inlines: [{ kind: "text", text: long }],
          text: long,
          notes: [],
        },
      ],
    };
    const pages = paginate(section, 1000);
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages) {
      const text = p.items[0]?.part?.text ?? "";
      expect(text.length).toBeLessThanOrEqual(1000);
      expect(text.startsWith("Une phrase")).toBe(true);
      expect(text.endsWith("bien.")).toBe(true);
    }
    expect(pages.map((p) => p.items[0]?.part?.text).join(" ")).toBe(long);
  });
});
