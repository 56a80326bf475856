import { newStemmer, type Stemmer } from "snowball-stemmers";
import type { Lang } from "../article/model.js";
import { type NormalizeOptions, scriptOf, tokenize } from "./normalize.js";

/** A normalised word's stem and where the word stands in the original text. */
export interface StemmedToken {
  word: string;
  stem: string;
  start: number;
  end: number;
}

// Latin words in Russian text are names (Kazfem, Forbes, avtonom): English rules are the mildest.
const LATIN_ALGORITHM = { fr: "french", en: "english", ru: "english" } as const;

const stemmers = new Map<string, { stemmer: Stemmer; cache: Map<string, string> }>();

function cachedStem(algorithm: "french" | "english" | "russian", word: string): string {
  let entry = stemmers.get(algorithm);
  if (!entry) {
    entry = { stemmer: newStemmer(algorithm), cache: new Map() };
    stemmers.set(algorithm, entry);
  }
  let stem = entry.cache.get(word);
  if (stem === undefined) {
    stem = entry.stemmer.stem(word);
    // The article's vocabulary is a few thousand words; once frozen, a reader's word is never kept.
    if (!frozen && entry.cache.size < 50_000) entry.cache.set(word, stem);
  }
  return stem;
}

let frozen = false;

/** Stops the stem caches from learning (see freezeSearchVocabulary). */
export function freezeStems(): void {
  frozen = true;
}

/**
 * Stems one normalised word by its script: Cyrillic with the Russian stemmer, Latin with the
 * stemmer of `lang` (English for Latin words in Russian text), digits as they are.
 */
export function stemWord(word: string, lang: Lang): string {
  const script = scriptOf(word);
  if (script === "cyrillic") return cachedStem("russian", word);
  if (script === "latin") {
    const algorithm = LATIN_ALGORITHM[lang];
    const stem = cachedStem(algorithm, word);
    // Snowball French expects é in "-ée(s)", "-é(s)": on folded words those endings survive as a
    // trailing e ("arretees" → "arrete" but "arretes" → "arret"). Dropping it conflates them again.
    const bare = algorithm === "french" ? stem.replace(/e+$/, "") : stem;
    return bare.length >= 2 ? bare : stem;
  }
  return word;
}

/** How text becomes terms; the switches exist only to measure each step (see NormalizeOptions). */
export interface AnalyzeOptions extends NormalizeOptions {
  /** Snowball stemming; off leaves normalised words. */
  stem?: boolean;
}

/** Tokens of a text with their stems, read as `lang` text. */
export function analyze(text: string, lang: Lang, options: AnalyzeOptions = {}): StemmedToken[] {
  const stem = options.stem ?? true;
  return tokenize(text, options).map((t) => ({ ...t, stem: stem ? stemWord(t.word, lang) : t.word }));
}

/** The stems of a text, in order, read as `lang` text. */
export function stems(text: string, lang: Lang, options?: AnalyzeOptions): string[] {
  return analyze(text, lang, options).map((t) => t.stem);
}
