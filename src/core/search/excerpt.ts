import type { Lang, Paragraph } from "../article/model.js";
import { tokenize } from "./normalize.js";
import { splitSentences } from "./sentences.js";
import { stemWord } from "./stem.js";

/** A piece of an excerpt; `marked` pieces are the words that matched. Plain text: the bot escapes it. */
export interface Segment {
  text: string;
  marked: boolean;
}

const ELLIPSIS = "…";
const GAP = " … ";

/**
 * A short excerpt of a paragraph around its best match: whole words, "…" where it is cut, the words
 * whose stems are in `terms` (a SearchHit's terms) marked. At most `maxChars` characters in all.
 */
export function excerpt(
  paragraph: Paragraph,
  lang: Lang,
  terms: readonly string[],
  maxChars = 200,
): Segment[] {
  const text = paragraph.text;
  const matches = findMatches(text, lang, terms);
  if (text.length <= maxChars) return segments(text, 0, text.length, matches);
  const { start, end } = bestWindow(text, matches, maxChars);
  return [
    ...(start > 0 ? [{ text: ELLIPSIS, marked: false }] : []),
    ...segments(text, start, end, matches),
    ...(end < text.length ? [{ text: ELLIPSIS, marked: false }] : []),
  ].reduce(merge, []);
}

/**
 * The sentences of a paragraph that hold a match, best first until about `maxChars` characters,
 * shown in reading order with " … " where sentences are skipped (for inline results).
 */
export function sentencesExcerpt(
  paragraph: Paragraph,
  lang: Lang,
  terms: readonly string[],
  maxChars = 700,
): Segment[] {
  const text = paragraph.text;
  const matches = findMatches(text, lang, terms);
  const sentences = splitSentences(text).map((s, i) => {
    const inside = matches.filter((m) => m.start >= s.start && m.end <= s.end);
    return { ...s, i, distinct: new Set(inside.map((m) => m.stem)).size, count: inside.length };
  });
  const ranked = sentences
    .filter((s) => s.count > 0)
    .sort((a, b) => b.distinct - a.distinct || b.count - a.count || a.i - b.i);
  const best = ranked[0];
  if (!best || best.end - best.start > maxChars) return excerpt(paragraph, lang, terms, maxChars);

  const chosen: typeof sentences = [];
  let length = ELLIPSIS.length + ` ${ELLIPSIS}`.length;
  for (const s of ranked) {
    const cost = s.end - s.start + GAP.length;
    if (length + cost > maxChars) continue;
    chosen.push(s);
    length += cost;
  }
  chosen.sort((a, b) => a.i - b.i);
  const out: Segment[] = [];
  chosen.forEach((s, k) => {
    const previous = chosen[k - 1];
    if (k === 0 && s.i > 0) out.push({ text: ELLIPSIS, marked: false });
    if (previous) out.push({ text: previous.i + 1 === s.i ? " " : GAP, marked: false });
    out.push(...segments(text, s.start, s.end, matches));
  });
  const endsOpen = (chosen.at(-1)?.i ?? 0) < sentences.length - 1;
  if (endsOpen && !out.at(-1)?.text.endsWith(ELLIPSIS)) out.push({ text: ` ${ELLIPSIS}`, marked: false });
  return out.reduce(merge, []);
}

interface Match {
  start: number;
  end: number;
  stem: string;
}

/** The words of `text` whose stem (read as `lang`) is one of `terms`. */
function findMatches(text: string, lang: Lang, terms: readonly string[]): Match[] {
  if (terms.length === 0) return [];
  const wanted = new Set(terms);
  // Only words that could have one of the stems are stemmed (stemming is the slow part).
  const prefixes = [...wanted].map((t) => t.slice(0, Math.max(1, t.length - 2)));
  const matches: Match[] = [];
  for (const t of tokenize(text)) {
    if (!prefixes.some((p) => t.word.startsWith(p))) continue;
    const stem = stemWord(t.word, lang);
    if (wanted.has(stem)) matches.push({ start: t.start, end: t.end, stem });
  }
  return matches;
}

/** The window of at most maxChars (ellipses included) holding the most distinct matched stems. */
function bestWindow(text: string, matches: Match[], maxChars: number): { start: number; end: number } {
  const words = tokenize(text);
  const budget = maxChars - 2 * ELLIPSIS.length;
  const sentenceStarts = splitSentences(text).map((s) => s.start);
  const starts = new Set<number>([0]);
  for (const m of matches) {
    // Open on the sentence the match is in when it is close enough, else a little before the word.
    const sentence = sentenceStarts.filter((s) => s <= m.start).at(-1) ?? 0;
    if (m.start - sentence <= budget / 3) starts.add(sentence);
    else starts.add(words.find((w) => w.start >= m.start - budget / 4)?.start ?? m.start);
  }
  let best = { start: 0, end: 0, score: -1 };
  for (const start of [...starts].sort((a, b) => a - b)) {
    const limit = start + budget;
    const last = words.filter((w) => w.start >= start && w.end <= limit).at(-1);
    let end = last ? last.end : Math.min(text.length, limit);
    // Keep the closing punctuation of the last sentence when it fits.
    while (end < text.length && end < limit && /[.!?…»”")\]]/.test(text[end] as string)) end++;
    const inside = matches.filter((m) => m.start >= start && m.end <= end);
    const score = new Set(inside.map((m) => m.stem)).size * 1000 + inside.length;
    if (score > best.score) best = { start, end, score };
  }
  return best;
}

/** The text between start and end cut into unmarked and marked pieces. */
function segments(text: string, start: number, end: number, matches: Match[]): Segment[] {
  const out: Segment[] = [];
  let at = start;
  for (const m of matches) {
    if (m.start < start || m.end > end) continue;
    if (m.start > at) out.push({ text: text.slice(at, m.start), marked: false });
    out.push({ text: text.slice(m.start, m.end), marked: true });
    at = m.end;
  }
  if (at < end) out.push({ text: text.slice(at, end), marked: false });
  return out.reduce(merge, []);
}

/** Joins neighbours of the same kind, and marked words parted only by a space ("Asya Tulesova"). */
function merge(out: Segment[], s: Segment): Segment[] {
  const last = out.at(-1);
  const beforeLast = out.at(-2);
  if (last && last.marked === s.marked) last.text += s.text;
  else if (s.marked && last && beforeLast?.marked && /^[\s-]+$/.test(last.text)) {
    out.pop();
    beforeLast.text += last.text + s.text;
  } else out.push({ ...s });
  return out;
}
