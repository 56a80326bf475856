import type { Edition, Paragraph } from "./model.js";

/** Longest lead-in ("From Anarchist Fighter:", «Anarchist Fighter пишет:»), in characters. */
const LEAD_IN_CHARS = 80;
/** Shorter than this, a paragraph ("And so on.") says nothing on its own. */
const TINY_CHARS = 20;

/** A short line ending with a colon: it introduces the paragraph after it. */
export function isLeadIn(p: Paragraph): boolean {
  const text = p.text.trim();
  return text.length <= LEAD_IN_CHARS && /[:：]$/u.test(text);
}

/** A page must not end on this paragraph: a lead-in, or an interview question, belongs with what follows. */
export function introducesNext(p: Paragraph): boolean {
  return isLeadIn(p) || p.kind === "question";
}

/**
 * The paragraph that stands for `p` in search and excerpts: a lead-in is joined to the paragraph it
 * introduces, a tiny paragraph to the one before it; any other paragraph stands for itself.
 */
export function hostOf(edition: Edition, p: Paragraph): Paragraph {
  const paragraphs = edition.sections[p.section - 1]?.paragraphs ?? [];
  const at = paragraphs.findIndex((q) => q.index === p.index);
  if (isLeadIn(p)) return paragraphs[at + 1] ?? p;
  if (p.text.trim().length < TINY_CHARS) return (at > 0 ? paragraphs[at - 1] : paragraphs[at + 1]) ?? p;
  return p;
}

/**
 * `host` with the paragraphs joined to it, as one paragraph for excerpts: "From Anarchist Fighter: …".
 * Keeps the host's section and index, so a link to it opens the page that holds it.
 */
export function joinedParagraph(edition: Edition, host: Paragraph): Paragraph {
  const paragraphs = edition.sections[host.section - 1]?.paragraphs ?? [];
  const parts = paragraphs.filter((q) => q === host || (q !== host && hostOf(edition, q) === host));
  if (parts.length === 1) return host;
  return {
    ...host,
    inlines: parts.flatMap((q, i) =>
      i === 0 ? q.inlines : [{ kind: "text" as const, text: " " }, ...q.inlines],
    ),
    text: parts.map((q) => q.text).join(" "),
    notes: [...new Set(parts.flatMap((q) => q.notes))],
  };
}
