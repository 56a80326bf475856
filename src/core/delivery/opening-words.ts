/** The first words of an update, so operators can tell updates apart in /updates. */

const graphemes = new Intl.Segmenter("und", { granularity: "grapheme" });

/**
 * The first non-blank line, whitespace collapsed, cut at about `max` characters with an ellipsis.
 * Counts and cuts whole graphemes, so neither a surrogate pair nor an emoji sequence is ever split;
 * a cut falls back to the last space when one is near, so a word is not halved.
 */
export function openingWords(text: string, max = 60): string {
  const line = (text.split(/\r\n|\r|\n/).find((l) => l.trim() !== "") ?? "").replace(/\s+/gu, " ").trim();
  const parts = [...graphemes.segment(line)].map((s) => s.segment);
  if (parts.length <= max) return line;
  let kept = parts.slice(0, max - 1).join("");
  const space = kept.lastIndexOf(" ");
  const endsAWord = parts[max - 1] === " ";
  if (!endsAWord && space > 0 && space >= kept.length - 15) kept = kept.slice(0, space);
  return `${kept.trimEnd()}…`;
}
