import type { Article, Edition, Footnote, Lang, Paragraph } from "./model.js";
import { sentences } from "./text.js";

/** The edition in `lang`, else the French one; `fallback` says whether it had to fall back. */
export function editionFor(article: Article, lang: Lang): { edition: Edition; fallback: boolean } {
  const edition = article.editions[lang];
  return edition ? { edition, fallback: false } : { edition: article.editions.fr, fallback: true };
}

export function findParagraph(edition: Edition, section: number, index: number): Paragraph | undefined {
  return edition.sections[section - 1]?.paragraphs[index - 1];
}

export function findNote(edition: Edition, note: number): Footnote | undefined {
  return edition.notes.find((n) => n.number === note);
}

/** The sentence that cites footnote `note`, with the citation itself removed. */
export function citingSentence(edition: Edition, note: Footnote): string {
  const p = findParagraph(edition, note.citedIn.section, note.citedIn.paragraph);
  if (!p) return "";
  const marked = p.inlines
    .map((s) => (s.kind === "text" ? s.text : s.note === note.number ? "\u2063" : ""))
    .join("");
  const hit = sentences(marked).find((s) => s.includes("\u2063")) ?? marked;
  return hit.replace(/ ?\u2063/g, "").trim();
}
