/**
 * Turns text into comparable words: the one place that decides what "the same word" means
 * before stemming. Every search feature (full-text index, excerpts, questions, locate) goes through here.
 */

/** A word of the text: `word` is normalised, `start`/`end` are offsets in the original string. */
export interface Token {
  word: string;
  start: number;
  end: number;
}

/**
 * Each step can be switched off only to measure what it changes (test/eval/normalization.test.ts);
 * the rest of Relay always uses the defaults (everything on).
 */
export interface NormalizeOptions {
  /** é→e, ï→i, ç→c … on Latin letters only (Cyrillic й keeps its breve). */
  foldAccents?: boolean;
  /** ё→е, as Russian is usually typed. */
  foldYo?: boolean;
  /** l’avion → l + avion, qu’il → qu + il (French elisions, with ’ or '). */
  splitElisions?: boolean;
}

const DEFAULTS: Required<NormalizeOptions> = { foldAccents: true, foldYo: true, splitElisions: true };

// Letters, digits and combining marks, optionally joined by apostrophes (aujourd’hui, l’OTSC, can't).
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’ʼ‘`´][\p{L}\p{N}\p{M}]+)*/gu;
const APOSTROPHES = /['’ʼ‘`´]/g;
const APOSTROPHE = /['’ʼ‘`´]/;
const ELISION = /^(l|d|qu|j|n|s|c|m|t|jusqu|lorsqu|puisqu|quoiqu)['’ʼ‘`´](?=[\p{L}\p{N}])/iu;
const LATIN_WITH_MARKS = /(\p{Script=Latin})(\p{M}+)/gu;
const STRAY_MARKS = /\p{M}/gu;
const LIGATURES: Record<string, string> = { œ: "oe", æ: "ae", ß: "ss" };

/** Splits text into normalised words with their offsets in the original text. */
export function tokenize(text: string, options: NormalizeOptions = DEFAULTS): Token[] {
  const opts = withDefaults(options);
  const tokens: Token[] = [];
  const word = new RegExp(WORD); // own lastIndex: tokenize may run inside another tokenize's caller
  for (let m = word.exec(text); m; m = word.exec(text)) {
    let raw = m[0];
    let start = m.index;
    const elided = opts.splitElisions && APOSTROPHE.test(raw) ? ELISION.exec(raw) : null;
    if (elided) {
      const head = elided[1] as string;
      tokens.push({ word: normalizeWord(head, opts), start, end: start + head.length });
      start += elided[0].length;
      raw = raw.slice(elided[0].length);
    }
    const normal = normalizeWord(raw, opts);
    if (normal) tokens.push({ word: normal, start, end: start + raw.length });
  }
  return tokens;
}

/** The normalised words of a text, in order. */
export function words(text: string, options?: NormalizeOptions): string[] {
  return tokenize(text, options).map((t) => t.word);
}

/**
 * Normalises one word: NFKC, lower case, ё→е, accents off Latin letters, ligatures spelled out,
 * apostrophes dropped (aujourd’hui → aujourdhui, Yudol’ → yudol).
 */
export function normalizeWord(raw: string, options: NormalizeOptions = DEFAULTS): string {
  const opts = withDefaults(options);
  if (opts !== DEFAULTS) return normalizeSlowly(raw, opts);
  // Tokenising the three editions at start-up must take milliseconds: words repeat, plain ones abound.
  // Once frozen (freezeSearchVocabulary), the cache holds the article's words only: what readers type
  // is folded and forgotten, so neither a crowd of queries nor a memory dump finds it here.
  let cached = cache.get(raw);
  if (cached === undefined) {
    if (PLAIN.test(raw)) cached = raw.toLowerCase();
    else cached = COMBINING.test(raw) ? normalizeSlowly(raw, DEFAULTS) : normalizeByChar(raw);
    if (!frozen && cache.size < 100_000) cache.set(raw, cached);
  }
  return cached;
}

let frozen = false;

/** Stops the word caches from learning: from now on only the article's words (already seen) are kept. */
export function freezeNormalizer(): void {
  frozen = true;
}

/** The options in force; DEFAULTS itself when nothing is switched off (the fast, cached path). */
function withDefaults(options: NormalizeOptions): Required<NormalizeOptions> {
  if (options === DEFAULTS) return DEFAULTS;
  const opts = { ...DEFAULTS, ...options };
  return opts.foldAccents && opts.foldYo && opts.splitElisions ? DEFAULTS : opts;
}

const PLAIN = /^[a-zA-Z0-9]+$/;
// Characters that can compose with their neighbours under NFKC: marks, and Hangul jamo.
const COMBINING = /[\p{M}\u1100-\u11ff]/u;
const cache = new Map<string, string>();
const charCache = new Map<string, string>();

// Without combining marks, NFKC acts on each character alone, so a word folds character by
// character, each character folded once for the whole process.
function normalizeByChar(raw: string): string {
  let out = "";
  for (const c of raw) {
    let folded = charCache.get(c);
    if (folded === undefined) {
      folded = normalizeSlowly(c, DEFAULTS);
      if (!frozen) charCache.set(c, folded);
    }
    out += folded;
  }
  return out;
}

function normalizeSlowly(raw: string, opts: Required<NormalizeOptions>): string {
  let w = raw.normalize("NFKC").toLowerCase().replace(APOSTROPHES, "");
  if (opts.foldYo) w = w.replace(/ё/g, "е");
  if (opts.foldAccents) {
    w = w
      .normalize("NFD")
      .replace(LATIN_WITH_MARKS, "$1")
      .normalize("NFC")
      .replace(/[œæß]/g, (c) => LIGATURES[c] ?? c);
  }
  // Marks left over (a lone combining accent, or any with accents kept) are not word content.
  return w.normalize("NFC").replace(STRAY_MARKS, "");
}

/** The writing system a normalised word is in, judged by its first letter; digits count as "other". */
export function scriptOf(word: string): "latin" | "cyrillic" | "other" {
  const letter = /\p{L}/u.exec(word)?.[0];
  if (!letter) return "other";
  if (/\p{Script=Cyrillic}/u.test(letter)) return "cyrillic";
  if (/\p{Script=Latin}/u.test(letter)) return "latin";
  return "other";
}
