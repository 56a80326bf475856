import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Edition } from "../../src/core/article/model.js";
import { parseEdition } from "../../src/core/article/parse.js";

/**
 * One slip of the source corrected on purpose: a typo, a doubled or stray mark, a wrong accent or
 * auxiliary. The rule (data/FORMAT.md): every slip is corrected, and every correction is declared here.
 */
interface Correction {
  raw: string;
  clean: string;
  reason: string;
}

/** Every change the clean French text makes beyond typography; anything else must match the source. */
const CORRECTIONS: readonly Correction[] = [
  { raw: "des travailleu exploités", clean: "des travailleurs exploités", reason: "a word cut short" },
  { raw: "sans soute", clean: "sans doute", reason: "typo: « soute » for « doute »" },
  { raw: "Aucun policer", clean: "Aucun policier", reason: "typo: a letter dropped from « policier »" },
  { raw: "avons décider", clean: "avons décidé", reason: "infinitive written for the past participle" },
  { raw: "Il y a avait", clean: "Il y avait", reason: "a stray « a » before « avait »" },
  { raw: "police et a répliquer", clean: "police et à répliquer", reason: "« a » for the preposition « à »" },
  {
    raw: "journalistes se font fait tirer",
    clean: "journalistes se sont fait tirer",
    reason: "« font » for the auxiliary « sont »",
  },
  {
    raw: "municipale se font fait tirer",
    clean: "municipale se sont fait tirer",
    reason: "« font » for the auxiliary « sont »",
  },
  { raw: "au Kazakhstan….", clean: "au Kazakhstan…", reason: "a full stop doubling the ellipsis" },
  { raw: "de tous et toutes..", clean: "de tous et toutes.", reason: "a doubled full stop" },
  { raw: "Channel Dozhd’),", clean: "Channel Dozhd’,", reason: "a stray closing parenthesis" },
  { raw: "va-t’il", clean: "va-t-il", reason: "an apostrophe for the euphonic « -t- »" },
];

const RAW_FILE = "data/source/article.fr.raw.txt";
const CLEAN_FILE = "data/article.fr.md";

const PAGE_MARKER = /^\s*-\s*\d+\/\d+\s*-\s*$/;
const RULE = /^\s*(?:\*{3}|-{5,})\s*$/;
// The list points of « La prison des nations » also open with "N- " ("1- Intervention…"):
// the opening words are what tell a footnote block from a list point.
const FOOTNOTE_OPENING = /^\s*(\d+)- (?=Du 17 au 19|En astronomie|Kazfem|Le 21 avril|Cet article)/;

/**
 * The text as the comparison sees it: letters, digits and punctuation, with typography (not slips) made
 * uniform: apostrophes, quotation marks and dashes as the language wants them, spaces and line breaks.
 */
const letters = (text: string): string =>
  text
    .normalize("NFC")
    .replace(/[’ʼ]/g, "'")
    .replace(/[“”«»„]/g, '"')
    .replace(/[–—]/g, "-")
    .replace(/-\n/g, "") // a word broken at the end of a line of the PDF's text
    .replace(/\s+/g, "");

function read(file: string): string {
  return readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");
}

/** The raw source split into body and footnotes, without page markers and rules. */
function splitRaw(raw: string): { body: string; notes: { number: number; text: string }[] } {
  const lines = raw.split(/\r?\n/).filter((line) => !PAGE_MARKER.test(line) && !RULE.test(line));
  const body: string[] = [];
  const notes: { number: number; text: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const opening = FOOTNOTE_OPENING.exec(line);
    if (!opening) {
      body.push(line);
      continue;
    }
    // The block runs on to the next blank line.
    const block = [line.slice(opening[0].length)];
    while (i + 1 < lines.length && (lines[i + 1] as string).trim() !== "") block.push(lines[++i] as string);
    notes.push({ number: Number(opening[1]), text: block.join("\n") });
  }
  return { body: body.join("\n"), notes };
}

/** Letters and digits of the edition's body, with a label for where each part starts. */
function cleanBody(edition: Edition): { text: string; marks: { at: number; label: string }[] } {
  let text = "";
  const marks: { at: number; label: string }[] = [];
  for (const section of edition.sections) {
    marks.push({ at: text.length, label: `s${section.number} title` });
    text += letters(section.title ?? "");
    for (const p of section.paragraphs) {
      marks.push({ at: text.length, label: `s${section.number} {#${p.index}}` });
      for (const span of p.inlines) text += span.kind === "text" ? letters(span.text) : `(${span.note})`;
    }
  }
  return { text, marks };
}

/** Applies each correction exactly once, at the letter level (a fragment may straddle a line break). */
function corrected(text: string, where: string): string {
  let out = text;
  for (const c of CORRECTIONS) {
    const from = letters(c.raw);
    const count = out.split(from).length - 1;
    if (count > 1) throw new Error(`correction ${JSON.stringify(c.raw)} is ambiguous in the ${where}`);
    if (count === 1) out = out.replace(from, letters(c.clean));
  }
  return out;
}

/** Undefined when equal; otherwise the first differing letter with 40 letters of context on each side. */
function firstDifference(clean: string, raw: string, label: (at: number) => string): string | undefined {
  if (clean === raw) return undefined;
  let i = 0;
  while (i < clean.length && i < raw.length && clean[i] === raw[i]) i++;
  const around = (s: string) => `…${s.slice(Math.max(0, i - 40), i)}⟦${s.slice(i, i + 40)}⟧…`;
  return [
    `first difference at letter ${i} (${label(i)})`,
    `  clean: ${around(clean)}`,
    `  raw:   ${around(raw)}`,
  ].join("\n");
}

describe("the clean French text is the raw source, every letter and mark, save typography and declared corrections", () => {
  const edition = parseEdition(read(CLEAN_FILE), CLEAN_FILE);
  const raw = splitRaw(read(RAW_FILE));

  it("finds the five footnote blocks of the raw source, in order", () => {
    expect(raw.notes.map((n) => n.number)).toEqual([1, 2, 3, 4, 5]);
  });

  it("applies every declared correction exactly once", () => {
    const all = letters(raw.body) + raw.notes.map((n) => letters(n.text)).join("");
    for (const c of CORRECTIONS) expect(all.split(letters(c.raw)).length - 1, c.reason).toBe(1);
  });

  it("keeps the body: section titles, paragraphs and citations", () => {
    const clean = cleanBody(edition);
    const label = (at: number) => clean.marks.findLast((m) => m.at <= at)?.label ?? "start";
    expect(firstDifference(clean.text, corrected(letters(raw.body), "body"), label)).toBeUndefined();
  });

  it("keeps the footnotes", () => {
    expect(edition.notes.map((n) => n.number)).toEqual(raw.notes.map((n) => n.number));
    edition.notes.forEach((note, k) => {
      const source = corrected(letters(raw.notes[k]?.text ?? ""), `footnote ${note.number}`);
      expect(firstDifference(letters(note.text), source, () => `[^${note.number}]`)).toBeUndefined();
    });
  });
});
