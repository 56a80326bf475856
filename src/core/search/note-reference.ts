import { words } from "./normalize.js";

/*
 * Direct references to a footnote, in French, English or Russian. Accepted:
 *   "note 2", "footnote 2", "fn 2", "renvoi 2", "сноска 2", "примечание 2", "прим. 2"
 *   with "n°", "no", "#", "№", "numéro", "number", "номер" in between ("note n°2", "сноска №2");
 *   spelt numbers after the word ("note deux", "footnote two", "сноска два");
 *   ordinals before it ("deuxième note", "2e note", "second footnote", "2nd footnote", "вторая сноска", "2-я сноска");
 *   and, as the whole message, a citation as printed or written in the text: "(2)", "[2]", "[^2]",
 *   or a bare note mark: "n2", "n°2", "#2", "fn2", "note2".
 * Not accepted: a number alone ("2"). Everywhere else in Relay a bare number means a section or a
 * page, and a question such as "what happened in 1986" must reach the matcher, not a note.
 * Numbers of one to three digits only: "note 1986" is a question about 1986, not footnote 1986.
 */

const KEYWORD = /^(?:notes?|footnotes?|fn|renvois?|сноск\p{L}*|примечани\p{L}*|прим)$/u;
const MARK = /^(?:n|no|numero|number|номер|nr)$/;
const DIGITS = /^\d{1,3}$/;
const ORDINAL_DIGITS = /^(\d{1,3})(?:e|er|ere|eme|ieme|st|nd|rd|th)$/;
const RUSSIAN_ORDINAL_ENDING = /^(?:я|ая|е|ое|й|ой|ую|ю|ей|ом|м)$/;
const WHOLE_CITATION = /^\s*[([]\s*\^?\s*(\d{1,3})\s*[)\]]\s*[.?!]*\s*$/;
const WHOLE_MARK = /^\s*(?:n\s*[°ºo]?\.?|#|№|fn|note|footnote|сноска)\s*(\d{1,3})\s*[.?!]*\s*$/iu;

// biome-ignore format: a table reads best in rows, one number a row
const CARDINALS: Record<string, number> = {
  un: 1, une: 1, one: 1, один: 1, одна: 1, одно: 1,
  deux: 2, two: 2, два: 2, две: 2,
  trois: 3, three: 3, три: 3,
  quatre: 4, four: 4, четыре: 4,
  cinq: 5, five: 5, пять: 5,
  six: 6, шесть: 6,
  sept: 7, seven: 7, семь: 7,
  huit: 8, eight: 8, восемь: 8,
  neuf: 9, nine: 9, девять: 9,
  dix: 10, ten: 10, десять: 10,
};

// biome-ignore format: a table reads best in rows, one number a row
const ORDINALS: Record<string, number> = {
  premier: 1, premiere: 1, first: 1,
  deuxieme: 2, second: 2, seconde: 2,
  troisieme: 3, third: 3,
  quatrieme: 4, fourth: 4,
  cinquieme: 5, fifth: 5,
  sixieme: 6, sixth: 6,
  septieme: 7, seventh: 7,
  huitieme: 8, eighth: 8,
  neuvieme: 9, ninth: 9,
  dixieme: 10, tenth: 10,
};

// Russian ordinals decline (вторая, второй, вторую…): matched by their invariable beginning.
// biome-ignore format: a table reads best in rows
const RUSSIAN_ORDINAL_STEMS: [RegExp, number][] = [
  [/^перв/, 1], [/^втор/, 2], [/^трет/, 3], [/^четв[её]рт/, 4], [/^пят/, 5],
  [/^шест/, 6], [/^седьм/, 7], [/^восьм/, 8], [/^девят/, 9], [/^десят/, 10],
];

/** The footnote number a message refers to directly ("note 2", "(2)", "вторая сноска"), if any. */
export function parseNoteReference(text: string): number | undefined {
  const whole = WHOLE_CITATION.exec(text) ?? WHOLE_MARK.exec(text.normalize("NFKC").trim());
  if (whole) return Number(whole[1]);
  const bare = /^(?:n|fn|note|footnote|сноска)(\d{1,3})$/u.exec(words(text).join(" "));
  if (bare) return Number(bare[1]);

  const w = words(text.replace(/[#№]/g, " n "));
  for (let i = 0; i < w.length; i++) {
    if (!KEYWORD.test(w[i] as string)) continue;
    // After the keyword: an optional "n°"/"номер", then digits or a spelt number.
    let j = i + 1;
    if (MARK.test(w[j] ?? "")) j++;
    const after = cardinal(w[j]);
    if (after !== undefined) return after;
    // Before it: an ordinal ("deuxième", "2nd", "2-я", "вторая"), possibly after an article.
    const before = ordinal(w[i - 1], w[i - 2]);
    if (before !== undefined) return before;
  }
  return undefined;
}

/** A command's number argument: digits, or one number spelt in French, English or Russian ("two", «два»). */
export function parseCardinal(text: string): number | undefined {
  const w = words(text);
  return w.length === 1 ? cardinal(w[0]) : undefined;
}

function cardinal(word: string | undefined): number | undefined {
  if (word === undefined) return undefined;
  if (DIGITS.test(word)) return Number(word);
  return CARDINALS[word];
}

/** An ordinal ending at `word`; `previous` is the word before it, for "2-я" split as "2", "я". */
function ordinal(word: string | undefined, previous: string | undefined): number | undefined {
  if (word === undefined) return undefined;
  const digits = ORDINAL_DIGITS.exec(word);
  if (digits) return Number(digits[1]);
  if (RUSSIAN_ORDINAL_ENDING.test(word) && previous && DIGITS.test(previous)) return Number(previous);
  if (ORDINALS[word] !== undefined) return ORDINALS[word];
  for (const [stem, n] of RUSSIAN_ORDINAL_STEMS) if (stem.test(word)) return n;
  return undefined;
}
