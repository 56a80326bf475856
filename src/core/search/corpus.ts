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

/** One edition's texts, words and stems, all worked out when it is built and never added to. */
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
 * Every word of the edition is stemmed when the corpus is built (snowball-stemmers 0.6: about 15 µs a
 * word, a few thousand distinct words an edition), and the stem → words table is then frozen: a query's
 * stem is looked up, never added, so what readers search for, misses included, leaves nothing behind.
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
  const byStem = new Map<string, string[]>();
  for (const w of sorted) {
    const s = stem(w);
    const list = byStem.get(s);
    if (list) list.push(w);
    else byStem.set(s, [w]);
  }
  const frequency = new Map<string, number>();
  for (const [s, forms] of byStem) {
    const holders = new Set<number>();
    for (const w of forms) for (const i of postings.get(w) ?? []) holders.add(i);
    frequency.set(s, holders.size);
  }
  const none: readonly string[] = Object.freeze([]);

  return {
    lang,
    edition,
    docs,
    stem,
    vocabulary: sorted,
    wordsWithStem: (s) => byStem.get(s) ?? none,
    stemFrequency: (s) => frequency.get(s) ?? 0,
  };
}
