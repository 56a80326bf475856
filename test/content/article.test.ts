import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Edition, Lang, Paragraph } from "../../src/core/article/model.js";
import { LANGS } from "../../src/core/article/model.js";
import { parseEdition } from "../../src/core/article/parse.js";

const fileOf = (lang: Lang) => new URL(`../../data/article.${lang}.md`, import.meta.url);

/** Parses data/article.{lang}.md. */
function loadEdition(lang: Lang): Edition {
  return parseEdition(readFileSync(fileOf(lang), "utf8"), `data/article.${lang}.md`);
}

/** The paragraph as written, citations as [^N]: what a reader sees, before any rendering. */
const written = (p: Paragraph): string =>
  p.inlines.map((span) => (span.kind === "text" ? span.text : `[^${span.note}]`)).join("");

// Real words ending in a ligature pair, which may meet a space: none occurs in the French text today.
const LIGATURE_ALLOWLIST = new Set(["off", "staff", "stuff", "cliff", "sheriff", "tariff", "défi"]);
const LIGATURE_SPLIT = /(\p{L}*(?:ffi|ffl|fi|fl|ff)) {1,2}\p{Ll}\p{L}*/gu;

/** The PDF damage still visible in a text, if any. */
function artefacts(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(LIGATURE_SPLIT))
    if (!LIGATURE_ALLOWLIST.has((m[1] as string).toLowerCase())) found.push(`ligature split «${m[0]}»`);
  const hyphen = /\p{L}*\p{Ll}- \p{Ll}\p{L}*/u.exec(text);
  if (hyphen) found.push(`hyphen and space inside a word «${hyphen[0]}»`);
  const page = /-\s*\d+\/\d+\s*-/.exec(text);
  if (page) found.push(`page marker «${page[0]}»`);
  if (/ {2}/.test(text)) found.push("double space");
  if (text !== text.trim()) found.push("leading or trailing space");
  const citation = /\((\d)\)/.exec(text);
  if (citation) found.push(`raw citation «${citation[0]}»`);
  return found;
}

const present = LANGS.filter((lang) => existsSync(fileOf(lang)));

describe.each(present)("the %s edition of the article", (lang) => {
  const edition = loadEdition(lang);
  const paragraphs = edition.sections.flatMap((s) => s.paragraphs);

  it("has six sections, numbered in order, of which only the first is untitled", () => {
    expect(edition.sections.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(edition.sections.map((s) => Boolean(s.title))).toEqual([false, true, true, true, true, true]);
  });

  it("numbers the paragraphs of every section 1, 2, 3 … without gaps or repeats", () => {
    for (const section of edition.sections) {
      expect(section.paragraphs.map((p) => p.index)).toEqual(section.paragraphs.map((_, k) => k + 1));
      expect(new Set(section.paragraphs.map((p) => p.section))).toEqual(new Set([section.number]));
    }
  });

  it("defines every cited footnote and cites every footnote exactly once", () => {
    const cited = paragraphs.flatMap((p) =>
      p.inlines.flatMap((span) => (span.kind === "cite" ? [{ note: span.note, p }] : [])),
    );
    expect(cited.map((c) => c.note)).toEqual([1, 2, 3, 4, 5]);
    expect(edition.notes.map((n) => n.number)).toEqual([1, 2, 3, 4, 5]);
    for (const { note, p } of cited)
      expect(edition.notes[note - 1]?.citedIn).toEqual({ section: p.section, paragraph: p.index });
  });

  it("cites footnote 1, on the December 1986 events in Almaty, in section 4", () => {
    const note = edition.notes[0];
    expect(note?.text).toMatch(/\b17\b/);
    expect(note?.text).toMatch(/\b19\b/);
    expect(note?.text).toMatch(/1986/);
    expect(note?.text).toMatch(/Almaty|Алматы/);
    expect(note?.citedIn.section).toBe(4);
  });

  it("leaves no PDF artefact in titles, paragraphs or footnotes", () => {
    const texts = [
      ...edition.sections.map((s) => ({ where: `s${s.number} title`, text: s.title ?? "" })),
      ...paragraphs.map((p) => ({ where: `s${p.section} {#${p.index}}`, text: written(p) })),
      ...edition.notes.map((n) => ({ where: `[^${n.number}]`, text: n.text })),
    ];
    const damage = texts.flatMap(({ where, text }) => artefacts(text).map((a) => `${where}: ${a}`));
    expect(damage).toEqual([]);
  });

  it("keeps the three numbered points of section 2 as list items, and no others", () => {
    const items = paragraphs.filter((p) => p.kind === "item");
    expect(items.map((p) => p.section)).toEqual([2, 2, 2]);
    expect(items.map((p) => written(p).slice(0, 3))).toEqual(["1- ", "2- ", "3- "]);
  });

  it("sets at least eight interview questions apart, all in section 6", () => {
    const questions = paragraphs.filter((p) => p.kind === "question");
    expect(questions.length).toBeGreaterThanOrEqual(8);
    expect(new Set(questions.map((p) => p.section))).toEqual(new Set([6]));
  });
});
