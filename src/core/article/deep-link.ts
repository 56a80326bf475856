/** What a /start payload or an inline reference points at. Range checks belong to the article. */
export type ArticleRef =
  | { kind: "section"; section: number; paragraph?: number }
  | { kind: "note"; note: number };

/** Reads "s3", "s3p12" or "n2". */
export function parseRef(payload: string): ArticleRef | undefined {
  const s = /^s(\d{1,3})(?:p(\d{1,4}))?$/.exec(payload);
  if (s) return { kind: "section", section: Number(s[1]), paragraph: s[2] ? Number(s[2]) : undefined };
  const n = /^n(\d{1,2})$/.exec(payload);
  return n ? { kind: "note", note: Number(n[1]) } : undefined;
}

export function formatRef(ref: ArticleRef): string {
  if (ref.kind === "note") return `n${ref.note}`;
  return ref.paragraph ? `s${ref.section}p${ref.paragraph}` : `s${ref.section}`;
}
