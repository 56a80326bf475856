import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Edition } from "../../src/core/article/model.js";
import { parseEdition } from "../../src/core/article/parse.js";

/** An entry of data/glossary.json (its "$comment" documents the fields). */
interface Entry {
  id: string;
  row: { fr: string; en: string; ru: string };
  fr: string;
  en: string;
  ru: string;
  check?: boolean;
  synonyms?: string[];
}

const LANGS = ["fr", "en", "ru"] as const;
const entries = (
  JSON.parse(readFileSync(new URL("../../data/glossary.json", import.meta.url), "utf8")) as {
    entries: Entry[];
  }
).entries;
const byId = new Map(entries.map((e) => [e.id, e]));
const pattern = (id: string, lang: (typeof LANGS)[number]): RegExp =>
  new RegExp(byId.get(id)?.[lang] ?? "(?!)", "iu");

// A copy of the team's shared glossary lives in data/ so a fresh clone runs every test;
// RELAY_GLOSSARY checks against another copy (e.g. a newer shared one) when needed.
const GLOSSARY_MD = process.env.RELAY_GLOSSARY ?? new URL("../../data/GLOSSARY.md", import.meta.url).pathname;
// Rows of GLOSSARY.md that never occur in the article text, so have no entry.
const NOT_IN_ARTICLE = ["note (de bas de page)"];

/** Every text of an edition: title, section titles, paragraphs, footnotes. */
function texts(edition: Edition): string[] {
  return [
    edition.title,
    ...edition.sections.flatMap((s) => [s.title ?? "", ...s.paragraphs.map((p) => p.text)]),
    ...edition.notes.map((n) => n.text),
  ].map((t) => t.normalize("NFC"));
}

/** The table rows of GLOSSARY.md, cells trimmed. */
function glossaryRows(markdown: string): { fr: string; en: string; ru: string }[] {
  return markdown
    .split("\n")
    .filter((l) => l.startsWith("|") && !/^\|\s*-/.test(l) && !/^\|\s*French/.test(l))
    .map((l) =>
      l
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim()),
    )
    .map(([fr = "", en = "", ru = ""]) => ({ fr, en, ru }));
}

describe("data/glossary.json", () => {
  it("has unique kebab-case ids and the three patterns for every entry", () => {
    expect(entries.length).toBeGreaterThan(0);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    for (const e of entries) {
      expect(e.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      for (const lang of LANGS) expect(typeof e[lang], `${e.id}.${lang}`).toBe("string");
    }
  });

  it.each(entries.map((e) => [e.id, e] as const))("compiles every pattern of %s with flags iu", (_, e) => {
    for (const lang of LANGS) expect(() => new RegExp(e[lang], "iu"), `${e.id}.${lang}`).not.toThrow();
  });

  it("finds every French pattern in the French article at least once", () => {
    const fr = texts(
      parseEdition(readFileSync(new URL("../../data/article.fr.md", import.meta.url), "utf8"), "fr"),
    );
    const unused = entries.filter((e) => !fr.some((t) => new RegExp(e.fr, "iu").test(t))).map((e) => e.id);
    expect(unused).toEqual([]);
  });

  it("matches each entry's own glossary spellings with its patterns", () => {
    const misses = entries.flatMap((e) =>
      LANGS.filter((lang) => !new RegExp(e[lang], "iu").test(e.row[lang])).map(
        (lang) => `${e.id}.${lang} does not match «${e.row[lang]}»`,
      ),
    );
    expect(misses).toEqual([]);
  });

  it("matches every synonym with one of the entry's patterns", () => {
    const orphans = entries.flatMap((e) =>
      (e.synonyms ?? [])
        .filter((s) => !LANGS.some((lang) => new RegExp(e[lang], "iu").test(s)))
        .map((s) => `${e.id}: ${s}`),
    );
    expect(orphans).toEqual([]);
  });

  describe(`against ${GLOSSARY_MD}`, () => {
    const rows = glossaryRows(readFileSync(GLOSSARY_MD, "utf8"));
    const key = (r: { fr: string; en: string; ru: string }) => `${r.fr} | ${r.en} | ${r.ru}`;

    it("copies each entry's row from GLOSSARY.md as it stands", () => {
      const known = new Set(rows.map(key));
      expect(entries.filter((e) => !known.has(key(e.row))).map((e) => `${e.id}: ${key(e.row)}`)).toEqual([]);
    });

    it("has an entry for every row, except the rows that never occur in the article", () => {
      const used = new Set(entries.map((e) => key(e.row)));
      expect(rows.filter((r) => !used.has(key(r))).map((r) => r.fr)).toEqual(NOT_IN_ARTICLE);
    });
  });

  it.each([
    ["kazakhstan", "fr", "au Kazakhstan"],
    ["kazakhstan", "fr", "originaires du Kazakstan"],
    ["kazakhstan", "fr", "Ka\u00adzakh\u00adstan"],
    ["kazakhstan", "ru", "из Казахстана"],
    ["nazarbayev", "fr", "N. Nazarbaev"],
    ["nazarbayev", "ru", "Нурсултана Назарбаева"],
    ["nazarbayev", "ru", "Назарбаёву"],
    ["tokayev", "fr", "le président Tokaev"],
    ["tokayev", "fr", "Jomart Tokayev"],
    ["tokayev", "ru", "Токаеву"],
    ["akhmedyarov", "fr", "Lukpan Akhmediyarov"],
    ["otsc", "fr", "l’Organisation du Traité de Sécurité Collective"],
    ["otsc", "en", "the Collective Security Treaty Organization"],
    ["otsc", "ru", "Организацией Договора о коллективной безопасности"],
    ["national-guard", "ru", "на Национальную гвардию"],
    ["kim", "ru", "Вячеславом Кимом"],
    ["astana", "fr", "rebaptisée «Nursultan»"],
    ["astana", "ru", "переименована в «Нур-Султан»"],
  ] as const)("%s (%s) matches «%s»", (id, lang, text) => {
    expect(text).toMatch(pattern(id, lang));
  });

  it.each([
    ["kazakhstan", "fr", "les manifestants kazakhs, la société kazakhe, les autorités kazakhes, un Kazakh"],
    ["kazakhstan", "en", "Kazakh protesters, the Kazakhs"],
    ["kazakhstan", "ru", "казахские власти, казахов, казахское общество"],
    ["kim", "fr", "l’Akimat"],
    ["kim", "ru", "акимат, Акима"],
    ["astana", "fr", "Nursultan Nazarbayev"],
    ["astana", "ru", "Нурсултана Назарбаева"],
    ["putin", "ru", "распутин"],
    ["ruzakhunov", "en", "Vicram Ruzakhunov"],
    ["zhlobitsky", "en", "Michael Zhlobitsky"],
    ["zeltser", "en", "Andrey Zeltzer, Andrey Zeltser"],
  ] as const)("%s (%s) does not match «%s»", (id, lang, text) => {
    expect(text).not.toMatch(pattern(id, lang));
  });
});
