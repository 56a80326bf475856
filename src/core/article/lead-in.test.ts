import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hostOf, isLeadIn, joinedParagraph } from "./lead-in.js";
import type { Edition } from "./model.js";
import { paginate } from "./paginate.js";
import { parseEdition } from "./parse.js";

const edition = (lang: "fr" | "en" | "ru"): Edition =>
  parseEdition(readFileSync(new URL(`../../../data/article.${lang}.md`, import.meta.url), "utf8"), lang);

describe("lead-ins and very short paragraphs", () => {
  it.each(["fr", "en", "ru"] as const)(
    "joins every lead-in of the %s edition to the paragraph it introduces",
    (lang) => {
      const ed = edition(lang);
      const leadIns = ed.sections.flatMap((s) => s.paragraphs.filter(isLeadIn));
      expect(leadIns.length).toBeGreaterThanOrEqual(4); // "From Anarchist Fighter:" and its kin
      for (const p of leadIns) {
        const host = hostOf(ed, p);
        expect(host.index).toBe(p.index + 1);
        expect(joinedParagraph(ed, host).text.startsWith(p.text)).toBe(true);
      }
    },
  );

  it("joins a tiny paragraph to the one before it", () => {
    const ed = edition("en");
    const tiny = ed.sections[2]?.paragraphs.find((p) => p.text === "And so on.");
    expect(tiny).toBeDefined();
    const host = hostOf(ed, tiny as never);
    expect(host.index).toBe((tiny?.index ?? 0) - 1);
    expect(joinedParagraph(ed, host).text.endsWith("And so on.")).toBe(true);
  });

  it.each(["fr", "en", "ru"] as const)(
    "never ends a page of the %s edition on a lead-in or a question",
    (lang) => {
      for (const s of edition(lang).sections) {
        const pages = paginate(s);
        for (const page of pages.slice(0, -1)) {
          const last = page.items.at(-1)?.paragraph;
          expect(
            last && (isLeadIn(last) || last.kind === "question"),
            `${lang} ${s.number}/${page.page}`,
          ).toBe(false);
        }
      }
    },
  );
});
