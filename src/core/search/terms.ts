import type { Lang } from "../article/model.js";
import { tokenize } from "./normalize.js";
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
 * The distinct stems a query searches for, read as `lang` text, stop words of every language left
 * out: "/search the" matched a hundred paragraphs, which helps nobody (see onlyStopWords).
 */
export function queryTerms(query: string, lang: Lang): string[] {
  const content = analyze(query, lang).filter((t) => !isStopWord(t.word));
  return [...new Set(content.map((t) => t.stem))];
}

/** True when a query has words and every one is a stop word ("the", "что такое"): worth a hint. */
export function onlyStopWords(query: string): boolean {
  const words = tokenize(query);
  return words.length > 0 && words.every((t) => isStopWord(t.word));
}
