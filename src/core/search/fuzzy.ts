/**
 * Typo tolerance: how many edits (insert, delete, substitute, swap two neighbours) a word may be
 * off by: none under 4 letters (too many short words are one letter apart), 1 up to 7, then 2.
 */
export function allowedEdits(word: string): number {
  if (word.length < 4) return 0;
  return word.length < 8 ? 1 : 2;
}

// Three rows of the distance table, reused: typo lookups scan the whole vocabulary.
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** True when `a` becomes `b` in at most `max` edits (optimal string alignment distance). */
export function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  if (a === b) return true;
  const width = b.length + 1;
  if ((rows[0] as Int32Array).length < width) rows = rows.map(() => new Int32Array(2 * width));
  let [before, previous, current] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < width; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] as number) + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return false;
    [before, previous, current] = [previous, current, before];
  }
  return (previous[b.length] as number) <= max;
}

/** The words of `vocabulary` within the edits allowed for `word` (not `word` itself). */
export function nearWords(word: string, vocabulary: readonly string[]): string[] {
  const max = allowedEdits(word);
  if (max === 0) return [];
  return vocabulary.filter((v) => v !== word && withinEdits(word, v, max));
}
