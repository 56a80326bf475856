/** Sentences as offsets: each ends after its . ! ? … and any closing quote, or at the end. */
export function splitSentences(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const boundary = /[.!?…]+[»”")\]]*(?=\s+|$)/g;
  let start = 0;
  for (const m of text.matchAll(boundary)) {
    const end = m.index + m[0].length;
    out.push({ start, end });
    start = end;
    while (start < text.length && /\s/.test(text[start] as string)) start++;
  }
  if (start < text.length) out.push({ start, end: text.length });
  return out.filter((s) => s.end > s.start);
}
