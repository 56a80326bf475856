import { joinedParagraph } from "../../core/article/lead-in.js";
import type { Library } from "../../core/article/library.js";
import { findParagraph } from "../../core/article/lookup.js";
import type { Edition, Lang, Paragraph } from "../../core/article/model.js";
import type { SearchHit } from "../../core/search/terms.js";

export interface ResultParagraph {
  edition: Edition;
  /** The paragraph as an excerpt shows it, with a lead-in or a tiny paragraph joined to it. */
  paragraph: Paragraph;
  /** The stems to mark: none when the match was made in another edition's words. */
  terms: readonly string[];
  /** Set when the match was found only in this other edition, and its twin is shown. */
  foundIn?: Lang;
}

/**
 * A search hit as the reader sees it: the paragraph of the reader's own edition, even when the words
 * matched only in another edition (the editions are paragraph-aligned, so its twin has the same id).
 */
export function resultParagraph(
  library: Library,
  hit: SearchHit,
  readerLang: Lang,
): ResultParagraph | undefined {
  const { edition } = library.edition(readerLang);
  const own = findParagraph(edition, hit.section, hit.paragraph);
  if (own)
    return {
      edition,
      paragraph: joinedParagraph(edition, own),
      terms: hit.lang === edition.lang ? hit.terms : [],
      foundIn: hit.lang === edition.lang ? undefined : hit.lang,
    };
  const other = library.article.editions[hit.lang];
  const p = other && findParagraph(other, hit.section, hit.paragraph);
  return other && p ? { edition: other, paragraph: joinedParagraph(other, p), terms: hit.terms } : undefined;
}
