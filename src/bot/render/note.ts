import { InlineKeyboard } from "grammy";
import type { Library } from "../../core/article/library.js";
import { citingSentence, findNote } from "../../core/article/lookup.js";
import type { Lang } from "../../core/article/model.js";
import { openData } from "../callback-data/page-data.js";
import type { Translate } from "../i18n.js";
import { type RenderedMessage, sectionTitle } from "./article.js";
import { blockquote, bold, escapeHtml, italic } from "./html.js";

/**
 * Footnote N: first line names its number in digits ("Footnote 2"), then its text, then the sentence
 * that cites it and a button to that place.
 */
export function renderNote(
  t: Translate,
  library: Library,
  lang: Lang,
  number: number,
): RenderedMessage | undefined {
  const { edition, fallback } = library.edition(lang);
  const note = findNote(edition, number);
  if (!note) return undefined;
  const { section, paragraph } = note.citedIn;
  const lines = [bold(escapeHtml(t("notes.title", { number })))];
  if (fallback) lines.push(italic(escapeHtml(t("reading.fallback-notice"))));
  lines.push(escapeHtml(note.text));
  lines.push(escapeHtml(t("notes.cited-in", { title: sectionTitle(t, edition, section) })));
  lines.push(blockquote(escapeHtml(citingSentence(edition, note))));
  return {
    text: lines.join("\n\n"),
    options: {
      parse_mode: "HTML",
      reply_markup: new InlineKeyboard().text(t("notes.open-place"), openData.encode(section, paragraph)),
      link_preview_options: { is_disabled: true },
    },
  };
}
