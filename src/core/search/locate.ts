import type { Article, Lang } from "../article/model.js";
import { type CorpusDoc, corpusOf, type EditionCorpus } from "./corpus.js";
import { tokenize, words } from "./normalize.js";

/** Where a pasted passage comes from; `coverage` is the share of its words found there, in order. */
export type Located =
  | { kind: "paragraph"; lang: Lang; section: number; paragraph: number; coverage: number }
  | { kind: "note"; lang: Lang; note: number; coverage: number };

// "Follows a passage closely": this share of the excerpt's words appear in the text in the same
// order (longest common subsequence), allowing trims, re-punctuation and a few changed words.
export const MIN_COVERAGE = 0.7;
const MIN_WORDS = 4;
// Longer inputs are cut: a Telegram message holds 4,096 characters, some 700 words.
const MAX_WORDS = 1000;
// Only the best few texts by shared rare words are aligned word by word.
const CANDIDATES = 8;

interface Doc {
  lang: Lang;
  ref: CorpusDoc["ref"];
  ids: Int32Array;
  /** The next paragraph of the same section, in the same edition (a passage may run on into it). */
  next: number | undefined;
  previous: number | undefined;
}

interface LocateIndex {
  docs: Doc[];
  ids: Map<string, number>;
  /** For each word id, the docs holding it. */
  postings: number[][];
}

/** Finds where a pasted passage comes from, over an index built once (createLocator). */
export interface Locator {
  locate(text: string): Located | undefined;
}

/** Builds the excerpt index of an article now (src/app.ts passes it to the features that locate). */
export function createLocator(
  article: Article,
  corpora: Map<Lang, EditionCorpus> = corpusOf(article),
): Locator {
  const index = buildLocateIndex(corpora);
  return { locate: (text) => locateIn(index, text) };
}

const indexes = new WeakMap<Article, LocateIndex>();

/** locateExcerpt over one index per Article object (tests and evaluations; the bot uses a Locator). */
export function locateExcerpt(article: Article, text: string): Located | undefined {
  let index = indexes.get(article);
  if (!index) {
    index = buildLocateIndex(corpusOf(article));
    indexes.set(article, index);
  }
  return locateIn(index, text);
}

/**
 * The paragraph or footnote, in any edition, that a pasted or forwarded text follows closely, even
 * trimmed, re-punctuated, with a few words changed, or running over two paragraphs (the first is
 * returned). Undefined when nothing is close enough.
 */
function locateIn(index: LocateIndex, text: string): Located | undefined {
  const input = words(text.slice(0, 16_384)).slice(0, MAX_WORDS);
  if (input.length < MIN_WORDS) return undefined;
  const query = Int32Array.from(input, (w) => index.ids.get(w) ?? -1);

  // Candidates: texts sharing the input's rarer words, each word weighted by its rarity.
  const weight = new Map<number, number>();
  for (const id of new Set(query)) {
    const holders = id < 0 ? [] : (index.postings[id] ?? []);
    if (holders.length === 0 || holders.length > index.docs.length / 4) continue;
    const idf = Math.log(index.docs.length / holders.length);
    for (const d of holders) weight.set(d, (weight.get(d) ?? 0) + idf);
  }
  if (weight.size === 0) return undefined;
  const candidates = [...weight].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, CANDIDATES);

  let best: { doc: number; coverage: number } | undefined;
  for (const [d] of candidates) {
    const doc = index.docs[d] as Doc;
    for (const [first, second] of [
      [d, doc.next],
      [doc.previous, d],
    ] as const) {
      if (first === undefined) continue;
      const found = align(query, index, first, second);
      if (!found) continue;
      const better =
        !best || found.coverage > best.coverage || (found.coverage === best.coverage && found.doc < best.doc);
      if (better) best = found;
    }
  }
  if (!best || best.coverage < MIN_COVERAGE) return undefined;
  const doc = index.docs[best.doc] as Doc;
  const coverage = Math.round(best.coverage * 1000) / 1000;
  return doc.ref.kind === "note"
    ? { kind: "note", lang: doc.lang, note: doc.ref.note, coverage }
    : { kind: "paragraph", lang: doc.lang, section: doc.ref.section, paragraph: doc.ref.paragraph, coverage };
}

/**
 * Aligns the query with text `first` followed by `second`: the best coverage within a window about
 * twice the query's length (so that scattered common words do not add up), and the text where the
 * aligned words begin.
 */
function align(
  query: Int32Array,
  index: LocateIndex,
  first: number,
  second: number | undefined,
): { doc: number; coverage: number } | undefined {
  const a = (index.docs[first] as Doc).ids;
  const b = second === undefined ? new Int32Array() : (index.docs[second] as Doc).ids;
  const text = new Int32Array(a.length + b.length);
  text.set(a);
  text.set(b, a.length);
  // Cheap bound first: the query's words present at all.
  const present = new Set(text);
  let bound = 0;
  for (const id of query) if (present.has(id)) bound++;
  if (bound < MIN_COVERAGE * query.length) return undefined;

  const size = 2 * query.length + 10;
  const step = query.length + 5;
  let best = { length: 0, from: 0 };
  for (let from = 0; ; from += step) {
    const length = lcsLength(query, text, from, Math.min(text.length, from + size));
    if (length > best.length) best = { length, from };
    if (from + size >= text.length) break;
  }
  // The passage begins in `first` only if a fair part of it is there, not a stray "the" or "de".
  const inFirst = matchedPositions(query, text, best.from, Math.min(text.length, best.from + size)).filter(
    (at) => at < a.length,
  ).length;
  const doc = second !== undefined && inFirst < Math.max(2, 0.1 * query.length) ? second : first;
  return { doc, coverage: best.length / query.length };
}

/** Length of the longest common subsequence of q and t[from, to). */
function lcsLength(q: Int32Array, t: Int32Array, from: number, to: number): number {
  const n = to - from;
  let previous = new Uint16Array(n + 1);
  let current = new Uint16Array(n + 1);
  for (let i = 0; i < q.length; i++) {
    const word = q[i] as number;
    for (let j = 1; j <= n; j++)
      current[j] =
        word >= 0 && word === t[from + j - 1]
          ? (previous[j - 1] as number) + 1
          : Math.max(previous[j] as number, current[j - 1] as number);
    [previous, current] = [current, previous];
  }
  return previous[n] as number;
}

/** The positions in t of one longest common subsequence of q and t[from, to). */
function matchedPositions(q: Int32Array, t: Int32Array, from: number, to: number): number[] {
  const n = to - from;
  const width = n + 1;
  const table = new Uint16Array((q.length + 1) * width);
  for (let i = 1; i <= q.length; i++)
    for (let j = 1; j <= n; j++)
      table[i * width + j] =
        q[i - 1] === t[from + j - 1] && (q[i - 1] as number) >= 0
          ? (table[(i - 1) * width + j - 1] as number) + 1
          : Math.max(table[(i - 1) * width + j] as number, table[i * width + j - 1] as number);
  const positions: number[] = [];
  for (let i = q.length, j = n; i > 0 && j > 0; ) {
    if (q[i - 1] === t[from + j - 1] && (q[i - 1] as number) >= 0) {
      positions.push(from + j - 1);
      i--;
      j--;
    } else if ((table[(i - 1) * width + j] as number) >= (table[i * width + j - 1] as number)) i--;
    else j--;
  }
  return positions;
}

function buildLocateIndex(corpora: Map<Lang, EditionCorpus>): LocateIndex {
  const ids = new Map<string, number>();
  const postings: number[][] = [];
  const docs: Doc[] = [];
  for (const corpus of corpora.values()) {
    corpus.docs.forEach((d, k) => {
      const mine = docs.length;
      const seq = Int32Array.from(d.tokens, (t) => {
        let id = ids.get(t.word);
        if (id === undefined) {
          id = ids.size;
          ids.set(t.word, id);
          postings.push([]);
        }
        const list = postings[id] as number[];
        if (list.at(-1) !== mine) list.push(mine);
        return id;
      });
      const prev = corpus.docs[k - 1];
      const sameSection = (o: CorpusDoc | undefined) =>
        o?.ref.kind === "paragraph" && d.ref.kind === "paragraph" && o.ref.section === d.ref.section;
      const next = corpus.docs[k + 1];
      docs.push({
        lang: corpus.lang,
        ref: d.ref,
        ids: seq,
        previous: sameSection(prev) ? mine - 1 : undefined,
        next: sameSection(next) ? mine + 1 : undefined,
      });
    });
  }
  return { docs, ids, postings };
}

// Words that open a question rather than a passage. Not "when/quand/когда", "how/comment/как":
// sentences of the article itself start with them ("Quand les manifestants se sont approchés…").
// Not "ou" either: normalised, "où" (where) and "ou" (or) are one word.
const INTERROGATIVES = new Set(
  words(`qui que qu quoi quel quelle quels quelles pourquoi combien
   who what why which whose whom where do does did is are
   кто что почему зачем сколько какой какая какое какие каков где откуда куда чей чья чьё чьи`),
);

/** True for a message that looks pasted from a text: at least 8 words, and not phrased as a question. */
export function looksLikeExcerpt(text: string): boolean {
  const tokens = tokenize(text);
  if (tokens.length < 8) return false;
  if (/[?？]\s*[»”"')\]]*\s*$/.test(text)) return false;
  return !INTERROGATIVES.has((tokens[0] as { word: string }).word);
}
