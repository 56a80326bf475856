import type { Library } from "../../core/article/library.js";
import type { Lang } from "../../core/article/model.js";
import { buildEditionFile, type EditionFile, type EditionFormat } from "../../core/edition/format.js";
import type { EditionTexts } from "../../core/edition/markup.js";
import type { Translator } from "../i18n.js";

/** The offline files of every edition, built on first use and kept in memory (a few hundred KB in all). */
export interface OfflineEditions {
  /** The file of `lang`'s edition (the French original where a translation is missing). */
  file(lang: Lang, format: EditionFormat): EditionFile;
}

/** The words around the article, in the edition's own language; `bot` is the bot's @username. */
export function editionTexts(
  library: Library,
  translator: Translator,
  lang: Lang,
  bot: string,
): EditionTexts {
  const { edition } = library.edition(lang);
  const t = translator.t(edition.lang);
  const date = edition.date ?? "—";
  return {
    contents: t("reading.toc-title"),
    notes: t("download.file-notes"),
    introTitle: t("reading.intro-title"),
    backToText: t("download.file-back"),
    colophonTitle: t("download.file-colophon-title"),
    colophon: [
      { text: t("download.file-source", { original: library.article.editions.fr.title }) },
      { text: t("download.file-edition", { date }) },
      { text: t("download.file-bot", { bot }), href: `https://t.me/${bot}` },
      { text: t("download.file-offline") },
    ],
  };
}

/**
 * Builds each file once, from data/ and the locales only: nothing about a reader or the moment can
 * change its bytes. `bot` (the @username the colophon names) is fixed for a process.
 */
export function offlineEditions(
  library: Library,
  translator: Translator,
  bot: () => string,
): OfflineEditions {
  const built = new Map<string, EditionFile>();
  return {
    file(lang, format) {
      const { edition } = library.edition(lang);
      const key = `${edition.lang}:${format}`;
      let file = built.get(key);
      if (!file) {
        file = buildEditionFile(edition, editionTexts(library, translator, edition.lang, bot()), format);
        built.set(key, file);
      }
      return file;
    },
  };
}
