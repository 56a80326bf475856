import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { assertAligned, loadArticle } from "../../src/core/article/load.js";
import type { Edition, Lang } from "../../src/core/article/model.js";
import { LANGS } from "../../src/core/article/model.js";
import { parseEdition } from "../../src/core/article/parse.js";

/** Faithfulness of the English and Russian editions to the French, paragraph by paragraph. */

const DATA = new URL("../../data/", import.meta.url);
const fileOf = (lang: Lang) => new URL(`article.${lang}.md`, DATA);
const present = LANGS.filter((lang) => existsSync(fileOf(lang)));
const TRANSLATIONS = ["en", "ru"] as const;

interface Entry {
  id: string;
  fr: string;
  en: string;
  ru: string;
  check?: boolean;
}
const glossary = (
  JSON.parse(readFileSync(new URL("glossary.json", DATA), "utf8")) as { entries: Entry[] }
).entries.filter((e) => e.check !== false);

/** One comparable text: the title, a section title, a paragraph or a footnote, under a stable id. */
interface Unit {
  id: string;
  kind: "title" | "paragraph" | "footnote";
  text: string;
  /** As written, citations included: what typography checks look at. */
  written: string;
}

function units(edition: Edition): Map<string, Unit> {
  const all: Unit[] = [{ id: "title", kind: "title", text: edition.title, written: edition.title }];
  for (const s of edition.sections) {
    if (s.title !== undefined)
      all.push({ id: `s${s.number} title`, kind: "title", text: s.title, written: s.title });
    for (const p of s.paragraphs) {
      const written = p.inlines.map((i) => (i.kind === "text" ? i.text : `[^${i.note}]`)).join("");
      all.push({ id: `s${s.number}p${p.index}`, kind: "paragraph", text: p.text, written });
    }
  }
  for (const n of edition.notes)
    all.push({ id: `n${n.number}`, kind: "footnote", text: n.text, written: n.text });
  return new Map(all.map((u) => [u.id, { ...u, text: u.text.normalize("NFC") }]));
}

// A number: digits grouped by thousands (8.000, 8,000, 8 000 with any kind of space), then maybe a
// decimal part (53,2 or 53.2). The group before a thousands separator has at most three digits, so
// "2011 2022" stays two numbers. Letters around it do not matter: 1er, 21ème, 21st, 21-м, 13h, 90-е.
const NUMBER = /(?<!\d)(?:\d{1,3}(?:[.,\u0020\u00a0\u202f\u2009]\d{3}(?!\d))+|\d+)(?:[.,]\d+(?!\d))?/gu;
// Russian writes centuries in Roman numerals (XXI век) where French writes 21ème siècle.
const ROMAN_CENTURY = /(?<!\p{L})([IVXL]+)(?=[\s\u00a0]+(?:век|столет|siècle|centur))/gu;
const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10, L: 50 };

function roman(numeral: string): number {
  let total = 0;
  [...numeral].forEach((c, k) => {
    const v = ROMAN[c] ?? 0;
    total += v < (ROMAN[numeral[k + 1] ?? ""] ?? 0) ? -v : v;
  });
  return total;
}

/** The numbers of a text, formatting removed: 8.000 → "8000", 53,2 → "53.2", 04 → "4". */
function numbers(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(NUMBER)) {
    const decimal = /[.,](\d+)$/.exec(m[0]);
    const grouped = decimal && !/^\d{3}$/.test(decimal[1] ?? "") ? m[0].slice(0, decimal.index) : m[0];
    const digits = grouped.replace(/\D/g, "") + (grouped === m[0] ? "" : `.${decimal?.[1]}`);
    found.add(String(Number(digits)));
  }
  for (const m of text.matchAll(ROMAN_CENTURY)) found.add(String(roman(m[1] as string)));
  return found;
}

function tryParse(lang: Lang): { edition?: Edition; error?: string } {
  try {
    return { edition: parseEdition(readFileSync(fileOf(lang), "utf8"), `data/article.${lang}.md`) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Sections, paragraph ids and kinds, in order: the skeleton the three editions share. */
const outline = (edition: Edition): string[] =>
  edition.sections.flatMap((s) => [
    `s${s.number}${s.title === undefined ? " (untitled)" : ""}`,
    ...s.paragraphs.map((p) => `s${s.number}p${p.index} ${p.kind} [${p.notes}]`),
  ]);

const french = parseEdition(readFileSync(fileOf("fr"), "utf8"), "data/article.fr.md");
const frUnits = units(french);

describe("the editions of the article", () => {
  it(`are present: ${present.join(", ")}; absent: ${LANGS.filter((l) => !present.includes(l)).join(", ") || "none"}`, () => {
    expect(present).toContain("fr");
    // RELAY_EXPECT_EDITIONS=fr,en,ru makes a missing translation a failure rather than a report.
    const expected = (process.env.RELAY_EXPECT_EDITIONS ?? "fr").split(",").filter(Boolean);
    expect(LANGS.filter((l) => expected.includes(l) && !present.includes(l))).toEqual([]);
  });

  it("load together with loadArticle, as the bot loads them", () => {
    expect(loadArticle(fileURLToPath(DATA)).available).toEqual(present);
  });
});

for (const lang of TRANSLATIONS) {
  describe.runIf(existsSync(fileOf(lang)))(`the ${lang} edition against the French`, () => {
    const parsed = existsSync(fileOf(lang)) ? tryParse(lang) : { error: "absent" };
    const need = (): Edition => parsed.edition ?? expect.fail(`data/article.${lang}.md: ${parsed.error}`);
    const mine = parsed.edition ? units(parsed.edition) : new Map<string, Unit>();
    /** Units present in both editions, the French first. */
    const pairs = () =>
      [...frUnits.values()].flatMap((fr) => {
        const tr = mine.get(fr.id);
        return tr ? [{ fr, tr }] : [];
      });

    it("parses in the article format", () => {
      expect(parsed.error).toBeUndefined();
    });

    it("has the same sections, paragraph ids, kinds and citations, in the same order", () => {
      const edition = need();
      expect(outline(edition)).toEqual(outline(french));
      expect(() => assertAligned(french, edition, `data/article.${lang}.md`)).not.toThrow();
    });

    it("cites the same footnotes in each paragraph, and each footnote from the same paragraph", () => {
      const edition = need();
      const cites = (e: Edition) =>
        e.sections.flatMap((s) => s.paragraphs.map((p) => `s${s.number}p${p.index} [${p.notes}]`));
      const frCites = new Set(cites(french));
      expect(cites(edition).filter((c) => !frCites.has(c))).toEqual([]);
      expect(
        edition.notes.map((n) => `n${n.number} in s${n.citedIn.section}p${n.citedIn.paragraph}`),
      ).toEqual(french.notes.map((n) => `n${n.number} in s${n.citedIn.section}p${n.citedIn.paragraph}`));
    });

    // Sets, not multisets: a translation may repeat a figure the French states once ("8 March … that
    // day" → "8 March … on 8 March") or say it once where the French repeats it; a dropped or changed
    // figure still shows, unless the same figure occurs elsewhere in the same paragraph.
    it("keeps every number of each French paragraph, title and footnote", () => {
      need();
      const missing = pairs().flatMap(({ fr, tr }) => {
        const theirs = numbers(tr.text);
        const lost = [...numbers(fr.text)].filter((n) => !theirs.has(n));
        return lost.length ? [`${fr.id}: ${lost.join(", ")}`] : [];
      });
      expect(missing).toEqual([]);
    });

    it("names every glossary name or term of the French paragraph in the glossary's form", () => {
      need();
      const missing = pairs().flatMap(({ fr, tr }) => {
        const lost = glossary.filter(
          (e) => new RegExp(e.fr, "iu").test(fr.text) && !new RegExp(e[lang], "iu").test(tr.text),
        );
        return lost.length ? [`${fr.id}: ${lost.map((e) => e.id).join(", ")}`] : [];
      });
      expect(missing).toEqual([]);
    });

    // The source's variant spellings (Tokaev, Kazakstan, OTSC, Gorbatchev, Zeltzer …) are French-only:
    // where an entry's French pattern finds one in the English text, its English pattern must match there too.
    if (lang === "en")
      it("uses the glossary's spellings, not the source's variants", () => {
        need();
        const variants = [...mine.values()].flatMap((u) =>
          glossary.flatMap((e) =>
            [...u.text.matchAll(new RegExp(e.fr, "giu"))]
              .filter((m) => {
                const here = new RegExp(e.en, "iuy");
                here.lastIndex = m.index;
                return !here.test(u.text);
              })
              .map((m) => `${u.id}: «${m[0]}» (${e.id})`),
          ),
        );
        expect(variants).toEqual([]);
      });

    it("leaves no title, paragraph or footnote empty", () => {
      need();
      expect([...mine.values()].filter((u) => u.text.trim() === "").map((u) => u.id)).toEqual([]);
    });

    it("keeps paragraphs and footnotes of 200+ French characters within 0.6–1.6 of the French length", () => {
      need();
      const off = pairs().flatMap(({ fr, tr }) => {
        if (fr.kind === "title" || fr.text.length < 200) return [];
        const ratio = tr.text.length / fr.text.length;
        return ratio < 0.6 || ratio > 1.6 ? [`${fr.id} (${ratio.toFixed(2)})`] : [];
      });
      expect(off).toEqual([]);
    });

    if (lang === "ru")
      it('uses Russian quotes «…» and em dashes, never " “…” ‘…’ or a spaced hyphen', () => {
        need();
        const bad = [...mine.values()].flatMap((u) => {
          const found: string[] = [];
          if (u.written.includes('"')) found.push('straight quote "');
          const english = /“[^„“”]*”|‘[^‘’]*’/.exec(u.written);
          if (english) found.push(`English quotes ${english[0]}`);
          const dash = /\S+ [-–] \S+/.exec(u.written);
          if (dash) found.push(`spaced hyphen or en dash «${dash[0]}» (use —)`);
          return found.map((f) => `${u.id}: ${f}`);
        });
        expect(bad).toEqual([]);
      });

    if (lang === "en") {
      it("uses no French guillemets « »", () => {
        need();
        expect([...mine.values()].filter((u) => /[«»]/.test(u.written)).map((u) => u.id)).toEqual([]);
      });

      it("writes every section title in title case: each word capitalised but short articles, prepositions and conjunctions", () => {
        const minor = new Set([
          "a",
          "an",
          "the",
          "and",
          "or",
          "of",
          "to",
          "in",
          "on",
          "at",
          "for",
          "from",
          "by",
          "about",
        ]);
        const lower = need()
          .sections.filter((s) => s.title !== undefined)
          .flatMap((s) =>
            (s.title as string)
              .split(/[\s–-]+/)
              .filter((w, i) => /^\p{Ll}/u.test(w) && (i === 0 || !minor.has(w)))
              .map((w) => `s${s.number}: ${w}`),
          );
        expect(lower).toEqual([]);
      });

      it("puts the translator's note after a quoted slogan, never inside it", () => {
        need();
        const note = /\[in English in the original\]/;
        const inside = [...mine.values()]
          .filter((u) => /“[^”]*\[in English in the original\][^”]*”/.test(u.written))
          .map((u) => u.id);
        expect(inside).toEqual([]);
        expect([...mine.values()].filter((u) => note.test(u.written)).map((u) => u.id)).toEqual(["n4"]);
        expect(mine.get("n4")?.written).toContain(
          "“You can’t run from the truth” [in English in the original]",
        );
      });
    }

    if (lang === "ru")
      it("renders «ne … que» in s6 #60 as «not reduced to», not as a flat rejection", () => {
        const p60 = mine.get("s6p60")?.written ?? "";
        expect(p60).toContain("не свёлся к одной лишь красивой революционной картинке");
        expect(p60).not.toContain("ни в красивую");
      });
  });
}

describe("number normalisation", () => {
  it.each([
    ["8.000 / 8,000 / 8 000 / 8\u00a0000 / 8\u202f000", ["8000"]],
    ["53,2 et 53.2", ["53.2"]],
    ["le 04 et le 4", ["4"]],
    ["1er, 21ème, 21st, 21-м, 13h, 90-е", ["1", "21", "13", "90"]],
    ["в XXI веке", ["21"]],
    ["(2011 et 2022)", ["2011", "2022"]],
    ["1,47 milliards, 3.000 soldats", ["1.47", "3000"]],
  ] as const)("reads «%s» as %j", (text, expected) => {
    expect([...numbers(text)].sort()).toEqual([...expected].sort());
  });
});
