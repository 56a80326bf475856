import { editionFor } from "./lookup.js";
import type { Article, Edition, Lang } from "./model.js";
import type { Page } from "./paginate.js";
import { pageOf, paginateEdition } from "./paginate.js";

/** The article with every edition paginated once, at start-up: reading never recomputes pages. */
export interface Library {
  article: Article;
  sectionCount: number;
  noteCount: number;
  /** The edition a reader of `lang` gets, and whether it is the French fallback. */
  edition(lang: Lang): { edition: Edition; fallback: boolean };
  pages(edition: Edition, section: number): Page[] | undefined;
  /** The page holding paragraph `index` of `section`, or the section's first page. */
  pageAt(edition: Edition, section: number, index?: number): Page | undefined;
}

export function createLibrary(article: Article): Library {
  const paged = new Map<Lang, Map<number, Page[]>>();
  for (const lang of article.available) {
    const edition = article.editions[lang];
    if (edition) paged.set(lang, paginateEdition(edition));
  }
  const pages = (edition: Edition, section: number) => paged.get(edition.lang)?.get(section);
  return {
    article,
    sectionCount: article.editions.fr.sections.length,
    noteCount: article.editions.fr.notes.length,
    edition: (lang) => editionFor(article, lang),
    pages,
    pageAt(edition, section, index) {
      const all = pages(edition, section);
      if (!all) return undefined;
      return index === undefined ? all[0] : pageOf(all, index);
    },
  };
}
