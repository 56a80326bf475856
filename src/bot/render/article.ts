import type { InlineKeyboardMarkup } from "grammy/types";
import type { Edition, Paragraph } from "../../core/article/model.js";
import type { PageItem } from "../../core/article/paginate.js";
import { citeMarker } from "../../core/article/text.js";
import type { Translate } from "../i18n.js";
import { blockquote, bold, escapeHtml, italic } from "./html.js";

export interface RenderedMessage {
  text: string;
  options: {
    parse_mode: "HTML";
    reply_markup: InlineKeyboardMarkup;
    link_preview_options: { is_disabled: true };
  };
}

/** A section's title as the reader sees it: "2. La prison des nations", the introduction named in their language. */
export function sectionTitle(t: Translate, edition: Edition, section: number): string {
  const title = edition.sections[section - 1]?.title ?? t("reading.intro-title");
  return `${section}. ${title}`;
}

/** One paragraph (or a cut part of it) as Telegram HTML: citations as [N], quotes as blockquotes, questions bold. */
export function paragraphHtml(item: PageItem | { paragraph: Paragraph }): string {
  const { paragraph } = item;
  const part = "part" in item ? item.part : undefined;
  const body = part
    ? escapeHtml(part.text)
    : paragraph.inlines
        .map((s) => (s.kind === "text" ? escapeHtml(s.text) : bold(citeMarker(s.note))))
        .join("");
  if (paragraph.kind === "quote") return blockquote(body);
  if (paragraph.kind === "question") return bold(italic(body));
  return body;
}
