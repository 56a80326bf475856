import type { Library } from "../../../core/article/library.js";
import type { Lang } from "../../../core/article/model.js";
import { EDITION_FORMATS } from "../../../core/edition/format.js";
import type { EditionFileIds } from "../../../db/edition-files.js";
import type { Publication } from "../../../delivery/publication-jobs.js";
import type { Translator } from "../../i18n.js";
import type { OfflineEditions } from "../../offline-editions/editions.js";
import { editionCaption, sendEditionFile } from "../../offline-editions/send-file.js";
import { paragraphHtml, sectionTitle } from "../../render/article.js";
import { bold, escapeHtml, italic } from "../../render/html.js";

/**
 * The article as a channel publishes a long text: one post per page of each section (title first,
 * "page k/n" where a section takes several), then a table of contents linking each section's first post,
 * then, with `offline`, the offline files: one post per language (the channel's first) and format.
 */
export function articlePublication(
  library: Library,
  translator: Translator,
  lang: Lang,
  offline?: { editions: OfflineEditions; fileIds: Pick<EditionFileIds, "fileId" | "save" | "forget"> },
): Publication {
  const { edition } = library.edition(lang);
  const t = translator.t(lang);
  const langs = [lang, ...library.article.available.filter((l) => l !== lang)];
  const files = langs.flatMap((l) => EDITION_FORMATS.map((format) => ({ lang: l, format })));
  return {
    files: offline && {
      count: () => files.length,
      async send(api, chatId, index, extra) {
        const which = files[index];
        if (!which) throw new Error(`no offline file ${index}`);
        const file = offline.editions.file(which.lang, which.format);
        // Each file is captioned in its own language: the channel's readers pick theirs.
        const caption = editionCaption(
          translator.t(file.lang),
          file,
          library.edition(file.lang).edition.title,
        );
        const paid = extra.allow_paid_broadcast ? { allow_paid_broadcast: true } : {};
        return (await sendEditionFile(api, chatId, file, { caption, ...paid }, offline.fileIds)).message_id;
      },
    },
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
