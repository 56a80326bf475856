import type { Article, Lang, Paragraph } from "../article/model.js";
import { buildCorpus, type CorpusDoc, corpusOf, type EditionCorpus } from "./corpus.js";
import { nearWords } from "./fuzzy.js";
import { tokenize } from "./normalize.js";
import { parseNoteReference } from "./note-reference.js";
import { splitSentences } from "./sentences.js";
import type { AnalyzeOptions } from "./stem.js";
import { isStopWord } from "./stop-words.js";
import { synonymIndex } from "./synonyms.js";

/** What a message asks about the footnotes. */
export type Answer =
  | { kind: "note"; note: number; direct: true }
  | { kind: "note"; note: number; direct: false; score: number; margin: number }
  | { kind: "out-of-range"; number: number }
  | { kind: "none" };

/*
 * Scoring. A question's content words (stop words out) are compared, edition by edition, with each
 * footnote and with the words just before its citation (the citing sentence, up to the citation).
 * A word found in a footnote adds its idf, BM25's ln(1 + (N − df + 0.5) / (df + 0.5)) with N and df
 * counted over all paragraphs and footnotes of that edition, divided by the idf of a word found in
 * one text only: the unit is "one word no other text has". In the article "nadir" (2 texts) adds
 * 0.88, "Almaty" 0.41, "Kazakhstan" 0.15. Found only in the citing words, a word adds
 * CONTEXT_WEIGHT × that; a synonym counts as the word; a word no edition knows may match a word one
 * or two typos away, for FUZZY_WEIGHT × that. Each word counts once per footnote, by its best match.
 * A footnote's score is its best over the editions (a question is in one language), so a question
 * in any language meets the footnotes in every language present.
 *
 * The thresholds were tuned on the tuning half of test/eval/questions.json only (even entries, 57
 * questions, all three editions present): test/eval/tune.ts scans MIN_SCORE 0.1–1.5 × MIN_MARGIN
 * 0–1 (steps of 0.05) for CONTEXT_WEIGHT 0.25, 0.5, 0.75 and 1. Weight 0.75 gave the best accuracy
 * (56/57, against 53, 55 and 56) on the widest plateau: MIN_SCORE 0.45–0.6 × MIN_MARGIN 0–0.25.
 * The constants are the middle of that plateau, on the grid. The held-out half (odd entries) is
 * only measured, by test/eval/questions.test.ts.
 */
export const MIN_SCORE = 0.5;
export const MIN_MARGIN = 0.15;
export const CONTEXT_WEIGHT = 0.75;
export const FUZZY_WEIGHT = 0.7;
// How far back from a citation its sentence counts as saying what the footnote is about.
const CONTEXT_WORDS = 25;
// Words that name footnotes rather than their content ("c'est quoi la note sur le nadir").
const NOTE_WORDS = /^(?:notes?|footnotes?|renvois?|сноск\p{L}*|примечани\p{L}*)$/u;
// A question is short: past these, a message is a passage or a search, and costs are kept bounded.
const MAX_CHARS = 400;
const MAX_WORDS = 30;
const MAX_TYPOS = 4;

/** Switches and thresholds, for measuring and tuning; Relay uses the defaults. */
export interface MatcherOptions {
  analysis?: AnalyzeOptions;
  /** The article's corpus, when the caller built it already (src/app.ts shares one). */
  corpora?: Map<Lang, EditionCorpus>;
  /** Build the per-edition indexes now rather than at the first question (~60 ms). */
  eager?: boolean;
  synonyms?: boolean;
  fuzzy?: boolean;
  minScore?: number;
  minMargin?: number;
  contextWeight?: number;
}

export interface QuestionMatcher {
  answer(text: string): Answer;
  /** Each footnote's score for a question in words; index 0 is footnote 1. */
  scores(text: string): number[];
}

interface NoteTexts {
  note: number;
  words: ReadonlySet<string>;
  context: ReadonlySet<string>;
}

interface EditionIndex {
  corpus: EditionCorpus;
  notes: NoteTexts[];
  synonyms: (word: string) => readonly string[];
  idf(stem: string): number;
}

const shared = new WeakMap<Article, QuestionMatcher>();

/**
 * Which footnote a message is about: a direct reference ("note 2", "(2)", "сноска 2"), a question in
 * words matched with confidence, or none (the bot then searches the text instead).
 * `lang` is the reader's language; the question is matched in every edition present whatever it is.
 */
export function answerQuestion(article: Article, text: string, _lang: Lang): Answer {
  let matcher = shared.get(article);
  if (!matcher) {
    matcher = createQuestionMatcher(article);
    shared.set(article, matcher);
  }
  return matcher.answer(text);
}

/**
 * A matcher over an article's footnotes. The bot builds one in src/app.ts and passes it; answerQuestion
 * keeps one per article with the defaults, for tests and evaluations.
 */
export function createQuestionMatcher(article: Article, options: MatcherOptions = {}): QuestionMatcher {
  const corpora =
    options.corpora ?? (options.analysis ? buildCorpus(article, options.analysis) : corpusOf(article));
  const count = article.editions.fr.notes.length;
  const minScore = options.minScore ?? MIN_SCORE;
  const minMargin = options.minMargin ?? MIN_MARGIN;
  const contextWeight = options.contextWeight ?? CONTEXT_WEIGHT;
  let editions: EditionIndex[] | undefined; // built at the first question unless `eager`

  function scores(text: string): number[] {
    editions ??= [...corpora.values()].map(indexEdition);
    const best = new Array<number>(count).fill(0);
    const found = contentWords(text, options.analysis);
    const unknown = found.filter((w) => !known(w, editions as EditionIndex[]));
    const typos = options.fuzzy === false ? new Set<string>() : new Set(unknown.slice(0, MAX_TYPOS));
    for (const edition of editions) {
      const total = new Array<number>(count).fill(0);
      for (const word of found) {
        // A word counts once per footnote, through its best alternative (itself, a synonym, a near spelling).
        const share = new Array<number>(count).fill(0);
        for (const { stem, weight } of alternatives(word, edition, typos.has(word))) {
          const forms = edition.corpus.wordsWithStem(stem);
          if (forms.length === 0) continue;
          const idf = edition.idf(stem);
          for (const n of edition.notes) {
            const place = forms.some((f) => n.words.has(f))
              ? 1
              : forms.some((f) => n.context.has(f))
                ? contextWeight
                : 0;
            share[n.note - 1] = Math.max(share[n.note - 1] ?? 0, place * weight * idf);
          }
        }
        share.forEach((v, i) => {
          total[i] = (total[i] ?? 0) + v;
        });
      }
      total.forEach((v, i) => {
        best[i] = Math.max(best[i] ?? 0, v);
      });
    }
    return best;
  }

  if (options.eager) editions = [...corpora.values()].map(indexEdition);
  return {
    scores,
    answer(text) {
      const direct = parseNoteReference(text);
      if (direct !== undefined)
        return direct >= 1 && direct <= count
          ? { kind: "note", note: direct, direct: true }
          : { kind: "out-of-range", number: direct };
      if (text.length > MAX_CHARS) return { kind: "none" };
      return decide(scores(text), minScore, minMargin);
    },
  };

  function indexEdition(corpus: EditionCorpus): EditionIndex {
    const n = corpus.docs.length;
    const idfs = new Map<string, number>();
    return {
      corpus,
      notes: corpus.edition.notes.map((note) => ({
        note: note.number,
        words: docOf(corpus, { kind: "note", note: note.number })?.words ?? new Set(),
        context: citingWords(corpus, note.number, note.citedIn),
      })),
      synonyms: options.synonyms === false ? (w) => [corpus.stem(w)] : synonymIndex(corpus.stem),
      idf(stem) {
        let idf = idfs.get(stem);
        if (idf === undefined) {
          idf = bm25Idf(n, corpus.stemFrequency(stem)) / bm25Idf(n, 1);
          idfs.set(stem, idf);
        }
        return idf;
      },
    };
  }
}

/** BM25's idf of a term found in df of n texts. */
function bm25Idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** The answer for footnote scores: the best one when it is high enough and clear of the next. */
export function decide(scores: readonly number[], minScore = MIN_SCORE, minMargin = MIN_MARGIN): Answer {
  let best = -1;
  for (let i = 0; i < scores.length; i++)
    if (best < 0 || (scores[i] as number) > (scores[best] as number)) best = i;
  if (best < 0) return { kind: "none" };
  const score = scores[best] as number;
  const runnerUp = Math.max(0, ...scores.filter((_, i) => i !== best));
  const margin = score - runnerUp;
  if (score < minScore || margin < minMargin) return { kind: "none" };
  return { kind: "note", note: best + 1, direct: false, score, margin };
}

/** The question's words that can say what it is about, each once. */
function contentWords(text: string, analysis: AnalyzeOptions | undefined): string[] {
  const words = tokenize(text, analysis).map((t) => t.word);
  return [...new Set(words.filter((w) => w.length > 1 && !isStopWord(w) && !NOTE_WORDS.test(w)))].slice(
    0,
    MAX_WORDS,
  );
}

/** True when some edition has a word of the same stem as `word`, or as one of its synonyms. */
function known(word: string, editions: EditionIndex[]): boolean {
  return editions.some((e) => e.synonyms(word).some((s) => e.corpus.wordsWithStem(s).length > 0));
}

/**
 * The stems a word stands for in one edition, with their weight: itself and its synonyms, or, for a
 * word no edition knows (a typo, not a real word of another language), the words near its spelling.
 */
function alternatives(
  word: string,
  edition: EditionIndex,
  typo: boolean,
): { stem: string; weight: number }[] {
  if (!typo) return edition.synonyms(word).map((stem) => ({ stem, weight: 1 }));
  return nearWords(word, edition.corpus.vocabulary).map((w) => ({
    stem: edition.corpus.stem(w),
    weight: FUZZY_WEIGHT,
  }));
}

function docOf(corpus: EditionCorpus, ref: CorpusDoc["ref"]): CorpusDoc | undefined {
  return corpus.docs.find((d) =>
    ref.kind === "note"
      ? d.ref.kind === "note" && d.ref.note === ref.note
      : d.ref.kind === "paragraph" && d.ref.section === ref.section && d.ref.paragraph === ref.paragraph,
  );
}

/** The words of the citing sentence up to the citation: what the footnote explains. */
function citingWords(
  corpus: EditionCorpus,
  note: number,
  at: { section: number; paragraph: number },
): ReadonlySet<string> {
  const paragraph = corpus.edition.sections[at.section - 1]?.paragraphs[at.paragraph - 1];
  const doc = docOf(corpus, { kind: "paragraph", section: at.section, paragraph: at.paragraph });
  if (!paragraph || !doc) return new Set();
  const offset = citationOffset(paragraph, note);
  const sentence = splitSentences(paragraph.text).find((s) => s.start < offset && offset <= s.end + 1);
  const from = sentence?.start ?? 0;
  const before = doc.tokens.filter((t) => t.start >= from && t.end <= offset);
  return new Set(before.slice(-CONTEXT_WORDS).map((t) => t.word));
}

/** Where citation `note` stands in paragraph.text (built as parse.ts builds it: cited text, trimmed). */
export function citationOffset(paragraph: Paragraph, note: number): number {
  let text = "";
  let offset = -1;
  for (const span of paragraph.inlines) {
    if (span.kind === "text") text += span.text;
    else {
      text = text.trimEnd();
      if (span.note === note && offset < 0) offset = text.length;
    }
  }
  const lead = text.length - text.trimStart().length;
  return offset < 0 ? paragraph.text.length : Math.max(0, offset - lead);
}
