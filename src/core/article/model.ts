/** The article as the rest of Relay sees it: three paragraph-aligned editions of one text. */

export const LANGS = ["fr", "en", "ru"] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}

/** How a paragraph is set: body text, a quoted passage, an interview question, or a numbered list point. */
export type ParagraphKind = "text" | "quote" | "question" | "item";

/** One span of a paragraph: plain text, or a citation of footnote `note`. */
export type Inline = { kind: "text"; text: string } | { kind: "cite"; note: number };

export interface Paragraph {
  /** 1-based section number (the untitled introduction is 1). */
  section: number;
  /** 1-based paragraph number within its section; stable across languages. */
  index: number;
  kind: ParagraphKind;
  /** The paragraph as spans, in order. */
  inlines: Inline[];
  /** Plain text with citations removed (for search and excerpts). */
  text: string;
  /** Footnote numbers cited in this paragraph, in order of first citation. */
  notes: number[];
}

export interface Section {
  number: number;
  /** Undefined for the untitled introduction. */
  title?: string;
  paragraphs: Paragraph[];
}

export interface Footnote {
  number: number;
  text: string;
  /** Where the footnote is cited (each footnote is cited exactly once). */
  citedIn: { section: number; paragraph: number };
}

export interface Edition {
  lang: Lang;
  /** The article's title in this language. */
  title: string;
  /** When this edition's text was last revised (YYYY-MM-DD): the offline files print it, never a build time. */
  date?: string;
  sections: Section[];
  notes: Footnote[];
}

/** All editions present in data/; French is always there. */
export interface Article {
  editions: Partial<Record<Lang, Edition>> & { fr: Edition };
  /** Languages with a complete edition, in LANGS order. */
  available: Lang[];
}
