import { introducesNext } from "./lead-in.js";
import type { Edition, Paragraph, Section } from "./model.js";
import { sentences, visibleText } from "./text.js";

/** A run of a section that fits one message. A paragraph too long for a page is cut between sentences. */
export interface Page {
  section: number;
  /** 1-based. */
  page: number;
  pages: number;
  items: PageItem[];
}

export interface PageItem {
  paragraph: Paragraph;
  /** Undefined: the whole paragraph. Otherwise a run of whole sentences of it. */
  part?: { text: string; first: boolean; last: boolean };
}

/**
 * Visible characters a page's body may use. Telegram allows 4096 after entity parsing; the rest is
 * left for the title, the "page k/n" line, a language notice and the blank lines between paragraphs.
 */
export const PAGE_BUDGET = 3500;
const SEPARATOR = 2;

/** Splits a section into pages of at most `budget` visible characters, cutting only between paragraphs (or sentences). */
export function paginate(section: Section, budget = PAGE_BUDGET): Page[] {
  const pages: PageItem[][] = [[]];
  let used = 0;
  const push = (item: PageItem, length: number) => {
    const current = pages.at(-1) as PageItem[];
    if (current.length > 0 && used + SEPARATOR + length > budget) {
      // A page never ends on a lead-in or a question: it moves on with what it introduces (a lead-in
      // is at most 80 characters, which the room left for the title and the page line absorbs).
      const last = current.at(-1) as PageItem;
      const carried =
        current.length > 1 && !last.part && introducesNext(last.paragraph) ? [current.pop() as PageItem] : [];
      const carriedLength = carried.reduce((n, c) => n + visibleText(c.paragraph).length + SEPARATOR, 0);
      pages.push([...carried, item]);
      used = carriedLength + length;
    } else {
      used += (current.length > 0 ? SEPARATOR : 0) + length;
      current.push(item);
    }
  };
  for (const paragraph of section.paragraphs) {
    const length = visibleText(paragraph).length;
    if (length <= budget) push({ paragraph }, length);
    else for (const item of splitParagraph(paragraph, budget)) push(item, item.part?.text.length ?? 0);
  }
  return pages.map((items, i) => ({ section: section.number, page: i + 1, pages: pages.length, items }));
}

function splitParagraph(paragraph: Paragraph, budget: number): PageItem[] {
  const chunks: string[] = [];
  let current = "";
  for (const sentence of sentences(visibleText(paragraph))) {
    // A single sentence longer than a page is cut between words.
    for (const piece of sentence.length > budget ? cutWords(sentence, budget) : [sentence]) {
      if (current && current.length + 1 + piece.length > budget) {
        chunks.push(current);
        current = piece;
      } else current = current ? `${current} ${piece}` : piece;
    }
  }
  if (current) chunks.push(current);
  return chunks.map((text, i) => ({
    paragraph,
    part: { text, first: i === 0, last: i === chunks.length - 1 },
  }));
}

function cutWords(text: string, budget: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > budget) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

/** Pages of every section of an edition, computed once at start-up. */
export function paginateEdition(edition: Edition, budget = PAGE_BUDGET): Map<number, Page[]> {
  return new Map(edition.sections.map((s) => [s.number, paginate(s, budget)]));
}

/** The page that holds paragraph `index` of its section (its first part, if it is cut). */
export function pageOf(pages: Page[], index: number): Page | undefined {
  return pages.find((p) => p.items.some((item) => item.paragraph.index === index));
}
