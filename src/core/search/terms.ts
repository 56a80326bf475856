import type { Lang } from "../article/model.js";
import { analyze } from "./stem.js";
import { isStopWord } from "./stop-words.js";

/** One result of a full-text search: a paragraph of one edition. */
export interface SearchHit {
  /** The edition the paragraph was found in (paragraph ids are the same in every edition). */
  lang: Lang;
  section: number;
  paragraph: number;
  /** Higher is better (bm25, sign flipped). */
  score: number;
  /** The query's stems found in this paragraph: pass them to excerpt() to mark the words. */
  terms: string[];
}

export interface SearchResults {
  /** How many paragraphs match in the edition searched, for paging. */
  total: number;
  hits: SearchHit[];
}

export interface SearchOptions {
  /** At most this many hits (default 10, at most 50). */
  limit?: number;
  offset?: number;
  /** Also match the last word as a prefix, for queries typed as they are read (inline mode). */
  prefix?: boolean;
}

export interface SearchIndex {
  /** Paragraphs matching any word of `query`, best first, in `lang`'s edition (else the others). */
  search(query: string, lang: Lang, opts?: SearchOptions): SearchResults;
}

/**
 * The distinct stems a query searches for, read as `lang` text, stop words left out
 * (unless the query is made of nothing else: "the who" still searches for something).
 */
export function queryTerms(query: string, lang: Lang): string[] {
  const tokens = analyze(query, lang);
  const content = tokens.filter((t) => !isStopWord(t.word));
  return [...new Set((content.length ? content : tokens).map((t) => t.stem))];
}
