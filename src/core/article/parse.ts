import type { Edition, Footnote, Inline, Lang, Paragraph, ParagraphKind, Section } from "./model.js";
import { isLang } from "./model.js";

/** A malformed article file; the message names the file and line. */
export class ArticleFormatError extends Error {
  override name = "ArticleFormatError";
}

const SECTION = /^## \{#s(\d+)\}(?: (.+))?$/;
const PARAGRAPH = /^\{#(\d+)(?: (quote|question|item))?\} (\S.*)$/;
const FOOTNOTE = /^\[\^(\d+)\]: (\S.*)$/;
const CITATION = /\[\^(\d+)\]/g;

/** Parses one edition in the format of data/FORMAT.md. */
export function parseEdition(source: string, file: string): Edition {
  const lines = source.replace(/^\uFEFF/, "").split(/\r?\n/);
  const fail = (line: number, message: string): never => {
    throw new ArticleFormatError(`${file}:${line}: ${message}`);
  };

  const meta = new Map<string, string>();
  let i = 0;
  if (lines[0] !== "---") fail(1, "expected front matter starting with ---");
  for (i = 1; i < lines.length && lines[i] !== "---"; i++) {
    const m = /^(\w+): (.+)$/.exec(lines[i] ?? "");
    if (!m) fail(i + 1, "expected `key: value` in front matter");
    else meta.set(m[1] as string, (m[2] as string).trim());
  }
  if (i >= lines.length) fail(i, "front matter is not closed with ---");
  const lang = meta.get("lang");
  if (!isLang(lang)) return fail(2, "front matter needs `lang: fr|en|ru`");
  const title = meta.get("title") ?? fail(2, "front matter needs `title:`");
  const date = meta.get("date");
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) fail(2, "`date:` must be YYYY-MM-DD");

  const sections: Section[] = [];
  const notes: Footnote[] = [];
  const citations = new Map<number, { section: number; paragraph: number; line: number }>();

  for (i += 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const at = i + 1;
    if (line.trim() === "" || (line.startsWith("<!--") && line.endsWith("-->"))) continue;
    const heading = SECTION.exec(line);
    const para = heading ? null : PARAGRAPH.exec(line);
    const note = heading || para ? null : FOOTNOTE.exec(line);
    if (heading) {
      const m = heading;
      if (notes.length) fail(at, "sections must come before the footnotes");
      const number = Number(m[1]);
      if (number !== sections.length + 1)
        fail(at, `expected section s${sections.length + 1}, found s${number}`);
      sections.push({ number, title: m[2]?.trim(), paragraphs: [] });
    } else if (para) {
      const m = para;
      const section = sections.at(-1) ?? fail(at, "paragraph before the first section heading");
      if (notes.length) fail(at, "paragraphs must come before the footnotes");
      const index = Number(m[1]);
      const expected = section.paragraphs.length + 1;
      if (index !== expected) fail(at, `expected paragraph {#${expected}} in section s${section.number}`);
      const paragraph = toParagraph(section.number, index, (m[2] ?? "text") as ParagraphKind, m[3] as string);
      for (const note of paragraph.notes) {
        if (citations.has(note)) fail(at, `footnote [^${note}] is cited twice`);
        citations.set(note, { section: section.number, paragraph: index, line: at });
      }
      section.paragraphs.push(paragraph);
    } else if (note) {
      const m = note;
      const number = Number(m[1]);
      if (number !== notes.length + 1)
        fail(at, `expected footnote [^${notes.length + 1}], found [^${number}]`);
      const cite = citations.get(number) ?? fail(at, `footnote [^${number}] is never cited`);
      notes.push({
        number,
        text: (m[2] as string).trim(),
        citedIn: { section: cite.section, paragraph: cite.paragraph },
      });
    } else {
      fail(at, "expected a section heading `## {#sN}`, a paragraph `{#N} …` or a footnote `[^N]: …`");
    }
  }

  if (sections.length === 0) fail(lines.length, "no sections");
  for (const s of sections)
    if (s.paragraphs.length === 0) fail(lines.length, `section s${s.number} is empty`);
  for (const [note, cite] of citations)
    if (!notes.some((n) => n.number === note))
      fail(cite.line, `footnote [^${note}] is cited but not defined`);
  return { lang: lang as Lang, title, ...(date ? { date } : {}), sections, notes };
}

function toParagraph(section: number, index: number, kind: ParagraphKind, source: string): Paragraph {
  const inlines: Inline[] = [];
  const notes: number[] = [];
  let last = 0;
  for (const m of source.matchAll(CITATION)) {
    const note = Number(m[1]);
    if (m.index > last) inlines.push({ kind: "text", text: source.slice(last, m.index) });
    inlines.push({ kind: "cite", note });
    if (!notes.includes(note)) notes.push(note);
    last = m.index + m[0].length;
  }
  if (last < source.length) inlines.push({ kind: "text", text: source.slice(last) });
  // A citation's own space goes with it: "massacre [^1], et" reads "massacre, et".
  let text = "";
  for (const span of inlines) text = span.kind === "text" ? text + span.text : text.trimEnd();
  text = text.trim();
  return { section, index, kind, inlines, text, notes };
}
