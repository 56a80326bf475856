import type { Library } from "../../../core/article/library.js";
import type { Lang } from "../../../core/article/model.js";
import type { Publication } from "../../../delivery/publication-jobs.js";
import type { Translator } from "../../i18n.js";
import { paragraphHtml, sectionTitle } from "../../render/article.js";
import { bold, escapeHtml, italic } from "../../render/html.js";

/**
 * The article as a channel publishes a long text: one post per page of each section (title first,
 * "page k/n" where a section takes several), then a table of contents linking each section's first post.
 */
export function articlePublication(library: Library, translator: Translator, lang: Lang): Publication {
  const { edition } = library.edition(lang);
  const t = translator.t(lang);
  return {
    posts: () =>
      edition.sections.flatMap((s) =>
        (library.pages(edition, s.number) ?? []).map((p) => ({ section: s.number, page: p.page })),
      ),
    page(section, page) {
      const p = library.pages(edition, section)?.[page - 1];
      if (!p) return undefined;
      const lines = [bold(escapeHtml(sectionTitle(t, edition, section)))];
      for (const item of p.items) lines.push(paragraphHtml(item));
      if (p.pages > 1) lines.push(italic(escapeHtml(t("reading.page", { page: p.page, pages: p.pages }))));
      return lines.join("\n\n");
    },
    toc(links) {
      const lines = [bold(escapeHtml(edition.title)), bold(escapeHtml(t("reading.toc-title")))];
      for (const s of edition.sections) {
        const title = escapeHtml(sectionTitle(t, edition, s.number));
        const link = links.get(s.number);
        lines.push(link ? `<a href="${escapeHtml(link)}">${title}</a>` : title);
      }
      return lines.join("\n");
    },
  };
}
