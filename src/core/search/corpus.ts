import type { Article, Edition, Lang } from "../article/model.js";
import { LANGS } from "../article/model.js";
import { type Token, tokenize } from "./normalize.js";
import { type AnalyzeOptions, stemWord } from "./stem.js";

/** Where a text of the article stands: a paragraph, or a footnote. */
export type TextRef =
  | { kind: "paragraph"; section: number; paragraph: number }
  | { kind: "note"; note: number };

/** A paragraph or a footnote of one edition, tokenised once for every search feature. */
export interface CorpusDoc {
  ref: TextRef;
  /** The text's normalised words (the section title is not part of a paragraph's tokens). */
  tokens: Token[];
  /** The section title's words, on the first paragraph of a titled section only. */
  titleTokens: Token[];
  words: ReadonlySet<string>;
}

/** One edition's texts and words, with stems worked out only when a query asks for them. */
export interface EditionCorpus {
  lang: Lang;
  edition: Edition;
  /** Every paragraph in reading order, then every footnote. */
  docs: CorpusDoc[];
  stem(word: string): string;
  /** The edition's distinct words, sorted. */
  vocabulary: readonly string[];
  /** The edition's words whose stem is `stem` (e.g. "manifest" → manifestants, manifestation…). */
  wordsWithStem(stem: string): readonly string[];
  /** How many docs (paragraphs and footnotes) hold a word of that stem. */
  stemFrequency(stem: string): number;
}

/*
 * Why stems are lazy: snowball-stemmers 0.6 takes about 15 µs a word, so stemming the ~2,000
 * distinct words of each edition up front would cost 100–250 ms of start-up. Tokenising costs a
 * few ms; a query's stems are then matched against the words that could have them (same first
 * letters), each stemmed once and remembered. Same result as stemming everything, paid per query.
 */
export function buildCorpus(article: Article, options: AnalyzeOptions = {}): Map<Lang, EditionCorpus> {
  const corpora = new Map<Lang, EditionCorpus>();
  for (const lang of LANGS) {
    const edition = article.editions[lang];
    if (edition) corpora.set(lang, editionCorpus(edition, options));
  }
  return corpora;
}

const shared = new WeakMap<Article, Map<Lang, EditionCorpus>>();

/** The corpus of an article with the standard analysis, built once per Article object. */
export function corpusOf(article: Article): Map<Lang, EditionCorpus> {
  let corpora = shared.get(article);
  if (!corpora) {
    corpora = buildCorpus(article);
    shared.set(article, corpora);
  }
  return corpora;
}

function editionCorpus(edition: Edition, options: AnalyzeOptions): EditionCorpus {
  const lang = edition.lang;
  const docs: CorpusDoc[] = [];
  const doc = (ref: TextRef, text: string, title?: string): CorpusDoc => {
    const tokens = tokenize(text, options);
    const titleTokens = title ? tokenize(title, options) : [];
    const words = new Set<string>();
    for (const t of tokens) words.add(t.word);
    for (const t of titleTokens) words.add(t.word);
    return { ref, tokens, titleTokens, words };
  };
  for (const section of edition.sections)
    section.paragraphs.forEach((p, k) => {
      const ref: TextRef = { kind: "paragraph", section: p.section, paragraph: p.index };
      docs.push(doc(ref, p.text, k === 0 ? section.title : undefined));
    });
  for (const n of edition.notes) docs.push(doc({ kind: "note", note: n.number }, n.text));

  const postings = new Map<string, number[]>();
  docs.forEach((d, i) => {
    for (const w of d.words) {
      const list = postings.get(w);
      if (list) list.push(i);
      else postings.set(w, [i]);
    }
  });
  const sorted = [...postings.keys()].sort();

  const stem = options.stem === false ? (word: string) => word : (word: string) => stemWord(word, lang);
  const byStem = new Map<string, readonly string[]>();
  const frequency = new Map<string, number>();

  function wordsWithStem(s: string): readonly string[] {
    const known = byStem.get(s);
    if (known) return known;
    // Snowball only ever rewrites a word's last letter or two before cutting (happy → happi,
    // nationaux → national), so every word with stem s begins with s less its last two letters.
    const prefix = s.slice(0, Math.max(1, s.length - 2));
    const found: string[] = [];
    for (let i = lowerBound(sorted, prefix); i < sorted.length; i++) {
      const w = sorted[i] as string;
      if (!w.startsWith(prefix)) break;
      if (stem(w) === s) found.push(w);
    }
    byStem.set(s, found);
    return found;
  }

  return {
    lang,
    edition,
    docs,
    stem,
    vocabulary: sorted,
    wordsWithStem,
    stemFrequency(s) {
      let n = frequency.get(s);
      if (n === undefined) {
        const holders = new Set<number>();
        for (const w of wordsWithStem(s)) for (const i of postings.get(w) ?? []) holders.add(i);
        n = holders.size;
        frequency.set(s, n);
      }
      return n;
    },
  };
}

/** The first index of a sorted array whose item is not below `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
