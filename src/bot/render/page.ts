import { InlineKeyboard } from "grammy";
import { type Edition, LANGS, type Lang } from "../../core/article/model.js";
import type { Page } from "../../core/article/paginate.js";
import { DOWNLOAD_DATA } from "../callback-data/download-data.js";
import { noteData } from "../callback-data/note-data.js";
import { openData, pageData, switchData, tocData } from "../callback-data/page-data.js";
import type { Translate } from "../i18n.js";
import { paragraphHtml, type RenderedMessage, sectionTitle } from "./article.js";
import { bold, escapeHtml, italic } from "./html.js";
import { LANGUAGE_LABELS } from "./languages.js";

/** Before the paragraph a footnote, a search result or a traced passage meant. */
export const MARK = "▶ ";

/**
 * A page as one message: title, optional fallback notice, paragraphs, "page k/n"; buttons for
 * ◀ ▶, the footnotes cited on the page, the language switch and sharing.
 */
export function renderPage(
  t: Translate,
  edition: Edition,
  page: Page,
  opts: { readerLang: Lang; fallback: boolean; canShare: boolean; mark?: number },
): RenderedMessage {
  const lines = [bold(escapeHtml(sectionTitle(t, edition, page.section)))];
  if (opts.fallback) lines.push(italic(escapeHtml(t("reading.fallback-notice"))));
  // "Open this place" lands on a page of some 3,500 characters: ▶ shows which paragraph was meant.
  let marked = false;
  for (const item of page.items) {
    const mark = !marked && opts.mark !== undefined && item.paragraph.index === opts.mark;
    if (mark) marked = true;
    lines.push(mark ? `${MARK}${paragraphHtml(item)}` : paragraphHtml(item));
  }
  lines.push(italic(escapeHtml(t("reading.page", { page: page.page, pages: page.pages }))));

  const kb = new InlineKeyboard();
  if (page.page > 1)
    kb.text(t("reading.previous"), pageData.encode(page.section, page.page - 1, opts.readerLang));
  if (page.page < page.pages)
    kb.text(t("reading.next"), pageData.encode(page.section, page.page + 1, opts.readerLang));
  kb.row();
  // The last page of a section leads on: to the next section's first page (in place), or the contents.
  if (page.page === page.pages) {
    if (edition.sections.some((s) => s.number === page.section + 1))
      kb.text(t("reading.next-section"), pageData.encode(page.section + 1, 1, opts.readerLang));
    kb.text(t("reading.contents"), tocData.data).row();
  }
  const notes = [...new Set(page.items.flatMap((i) => i.paragraph.notes))];
  for (const note of notes) kb.text(t("reading.note-button", { number: note }), noteData.encode(note));
  if (notes.length) kb.row();
  const first = page.items[0]?.paragraph.index ?? 1;
  for (const lang of LANGS) {
    const label = lang === opts.readerLang ? `• ${LANGUAGE_LABELS[lang]} •` : LANGUAGE_LABELS[lang];
    kb.text(label, switchData.encode(page.section, first, lang));
  }
  if (opts.canShare)
    kb.row().switchInlineChosen(t("reading.share"), {
      query: `s${page.section}p${first}`,
      allow_user_chats: true,
      allow_group_chats: true,
      allow_channel_chats: true,
    });
  return {
    text: lines.join("\n\n"),
    options: { parse_mode: "HTML", reply_markup: kb, link_preview_options: { is_disabled: true } },
  };
}

/** The table of contents: one line and one button per section. */
export function renderContents(
  t: Translate,
  edition: Edition,
  pageCount: (section: number) => number,
): RenderedMessage {
  const lines = [bold(escapeHtml(`${edition.title}`)), bold(escapeHtml(t("reading.toc-title")))];
  const kb = new InlineKeyboard();
  for (const s of edition.sections) {
    const title = sectionTitle(t, edition, s.number);
    lines.push(
      `${escapeHtml(title)} · ${italic(escapeHtml(t("reading.pages", { count: pageCount(s.number) })))}`,
    );
    kb.text(shorten(title, 40), openData.encode(s.number)).row();
  }
  kb.text(t("download.button"), DOWNLOAD_DATA);
  lines.push(escapeHtml(t("reading.toc-hint")));
  return {
    text: lines.join("\n"),
    options: { parse_mode: "HTML", reply_markup: kb, link_preview_options: { is_disabled: true } },
  };
}

/** A button label of at most `max` characters, cut between words. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s:,;–—-]+$/u, "")}…`;
}
