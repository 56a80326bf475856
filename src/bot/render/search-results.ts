import { InlineKeyboard } from "grammy";
import type { Library } from "../../core/article/library.js";
import type { Lang } from "../../core/article/model.js";
import { type AnswerCache, createAnswerCache } from "../../core/search/answer-cache.js";
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

/** What a page of results shows after its header line: the same for everyone who asks the same query. */
interface ResultsBody {
  text: string;
  keyboard: InlineKeyboard;
}

/** Results pages of recent queries (src/core/search/answer-cache.ts: bounded, expiring, hashed keys). */
export type ResultsCache = AnswerCache<ResultsBody | undefined>;

export function createResultsCache(): ResultsCache {
  return createAnswerCache({ max: 256, ttlMs: 2 * 60_000 });
}

/**
 * Up to 5 ranked hits: section title, a short excerpt with the matched words marked, a button to the page.
 * With `cache`, a query asked again within minutes in the same language is not searched again.
 */
export function renderResults(
  t: Translate,
  library: Library,
  index: SearchIndex,
  query: string,
  lang: Lang,
  offset = 0,
  cache?: ResultsCache,
): RenderedMessage | undefined {
  const build = () => resultsBody(t, library, index, query, lang, offset);
  const body = cache ? cache.get([lang, offset, query], build) : build();
  if (!body) return undefined;
  return {
    // The query is shown from this reader's own text, never from the cache.
    text: `${escapeHtml(t("search.header", { query }))}\n\n${body.text}`,
    options: { parse_mode: "HTML", reply_markup: body.keyboard, link_preview_options: { is_disabled: true } },
  };
}

function resultsBody(
  t: Translate,
  library: Library,
  index: SearchIndex,
  query: string,
  lang: Lang,
  offset: number,
): ResultsBody | undefined {
  const { total, hits } = index.search(query, lang, { limit: PER_MESSAGE, offset });
  if (hits.length === 0) return undefined;
  const lines = [
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
  // Shared by everyone served from the cache: frozen, so no reply can change it for the next.
  for (const row of kb.inline_keyboard) for (const button of row) Object.freeze(button);
  return Object.freeze({ text: lines.join("\n\n"), keyboard: Object.freeze(kb) });
}
