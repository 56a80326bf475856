import { InlineKeyboard } from "grammy";
import type { Library } from "../../core/article/library.js";
import type { Lang } from "../../core/article/model.js";
import { excerpt } from "../../core/search/excerpt.js";
import type { SearchIndex } from "../../core/search/terms.js";
import { moreData } from "../callback-data/more-data.js";
import { openData } from "../callback-data/page-data.js";
import type { Translate } from "../i18n.js";
import { type RenderedMessage, sectionTitle } from "./article.js";
import { bold, escapeHtml, italic } from "./html.js";
import { resultParagraph } from "./result-paragraph.js";
import { segmentsHtml } from "./segments.js";

export const PER_MESSAGE = 5;
const EXCERPT_CHARS = 220;
// The query rides in the message's first line, so "more" needs no stored state.
// French and Russian quote it «…», English “…”; a query cut for the header ends with "…".
const QUERY_LINE = /^🔎 [«“](.*?)(?:…)?[»”]$/u;
const HEADER_CHARS = 200;

/** A query as shown: one line, at most 200 characters, a longer one cut at a word and marked "…". */
export function cleanQuery(query: string): string {
  // By code point: cutting a UTF-16 pair in half makes Telegram refuse the whole message.
  const chars = Array.from(query.replace(/\s+/g, " ").trim());
  if (chars.length <= HEADER_CHARS) return chars.join("");
  const cut = chars.slice(0, HEADER_CHARS).join("");
  const space = cut.lastIndexOf(" ");
  return `${space > HEADER_CHARS / 2 ? cut.slice(0, space) : cut}…`;
}

export function queryFromMessage(text: string | undefined): string | undefined {
  return QUERY_LINE.exec(text?.split("\n", 1)[0] ?? "")?.[1];
}

/** Up to 5 ranked hits: section title, a short excerpt with the matched words marked, a button to the page. */
export function renderResults(
  t: Translate,
  library: Library,
  index: SearchIndex,
  query: string,
  lang: Lang,
  offset = 0,
): RenderedMessage | undefined {
  const { total, hits } = index.search(query, lang, { limit: PER_MESSAGE, offset });
  if (hits.length === 0) return undefined;
  const lines = [
    escapeHtml(t("search.header", { query })),
    italic(
      escapeHtml(
        t(hits.length === 1 ? "search.range-single" : "search.range", {
          from: offset + 1,
          to: offset + hits.length,
          count: total,
        }),
      ),
    ),
  ];
  // Matched only through another edition (the index tries the reader's first): the twin paragraphs
  // in the reader's language, and one line saying so.
  const foundIn = hits.map((hit) => resultParagraph(library, hit, lang)?.foundIn).find(Boolean);
  if (foundIn)
    lines.push(italic(escapeHtml(t("search.found-in", { language: t(`language.name-${foundIn}`) }))));
  const kb = new InlineKeyboard();
  hits.forEach((hit, i) => {
    const shown = resultParagraph(library, hit, lang);
    if (!shown) return;
    const { edition, paragraph, terms } = shown;
    const title = sectionTitle(t, edition, hit.section);
    lines.push(
      `${offset + i + 1}. ${bold(escapeHtml(title))}\n${segmentsHtml(excerpt(paragraph, edition.lang, terms, EXCERPT_CHARS))}`,
    );
    kb.text(
      t("search.open", { number: offset + i + 1, section: hit.section }),
      openData.encode(hit.section, hit.paragraph),
    );
    if (i % 3 === 2) kb.row();
  });
  kb.row();
  if (offset + hits.length < total) kb.text(t("search.more"), moreData.encode(offset + hits.length));
  return {
    text: lines.join("\n\n"),
    options: { parse_mode: "HTML", reply_markup: kb, link_preview_options: { is_disabled: true } },
  };
}
