import { Composer, InlineKeyboard } from "grammy";
import type { InlineQueryResultArticle } from "grammy/types";
import { formatRef, parseRef } from "../../../core/article/deep-link.js";
import type { Library } from "../../../core/article/library.js";
import { findParagraph } from "../../../core/article/lookup.js";
import type { Edition, Paragraph } from "../../../core/article/model.js";
import { createAnswerCache } from "../../../core/search/answer-cache.js";
import { sentencesExcerpt } from "../../../core/search/excerpt.js";
import type { SearchIndex } from "../../../core/search/terms.js";
import { cutUtf16 } from "../../../core/utf16.js";
import type { RelayContext } from "../../context.js";
import type { Feature } from "../../feature.js";
import type { Translate } from "../../i18n.js";
import { sectionTitle } from "../../render/article.js";
import { escapeHtml, italic } from "../../render/html.js";
import { resultParagraph } from "../../render/result-paragraph.js";
import { segmentsHtml, segmentsText } from "../../render/segments.js";

const MAX_RESULTS = 20;
const EXCERPT_CHARS = 700;
// Results depend on the reader's language, so they are personal; short, so edits to data show soon.
const CACHE_SECONDS = 30;

/**
 * `@bot words` in any chat: matching passages as shareable excerpts with a source line and a deep link
 * back to the paragraph; `@bot s3p12` (what the Share button pre-fills) puts that paragraph first;
 * an empty query lists the sections. Nothing about the query is stored but its keyed hash, for minutes.
 */
export function inline(library: Library, index: SearchIndex): Feature {
  // The same query in the same language within minutes gets the same results, built once (bounded,
  // expiring, hashed keys: src/core/search/answer-cache.ts). They hold the article's words, not the query.
  const recent = createAnswerCache<readonly InlineQueryResultArticle[]>({ max: 128, ttlMs: 2 * 60_000 });
  const composer = new Composer<RelayContext>();
  composer.on("inline_query", async (ctx) => {
    // Queries over 256 characters never get here (guards/input-bounds.ts).
    const query = ctx.inlineQuery.query.replace(/\s+/g, " ").trim();
    const results = recent.get([ctx.lang, ctx.me.username, query], () => build(ctx, query));
    await ctx.answerInlineQuery(results as InlineQueryResultArticle[], {
      cache_time: CACHE_SECONDS,
      is_personal: true,
    });
  });

  const build = (ctx: RelayContext, query: string): readonly InlineQueryResultArticle[] => {
    const { edition } = library.edition(ctx.lang);
    const username = ctx.me.username;
    const make = (p: Paragraph, ed: Edition, html: string, plain: string) =>
      article(ctx.t, ed, p, html, plain, username, ed.title);

    const results: InlineQueryResultArticle[] = [];
    if (query === "") {
      for (const s of edition.sections) {
        const first = s.paragraphs[0];
        if (!first) continue;
        const cut = sentencesExcerpt(first, edition.lang, [], EXCERPT_CHARS);
        results.push(make(first, edition, segmentsHtml(cut), segmentsText(cut)));
      }
    } else {
      const ref = parseRef(query);
      const seen = new Set<string>();
      if (ref?.kind === "section") {
        const p = findParagraph(edition, ref.section, ref.paragraph ?? 1);
        if (p) {
          const cut = sentencesExcerpt(p, edition.lang, [], EXCERPT_CHARS);
          results.push(make(p, edition, segmentsHtml(cut), segmentsText(cut)));
          seen.add(`${p.section}:${p.index}`);
        }
      }
      const { hits } = index.search(query, ctx.lang, { limit: MAX_RESULTS, prefix: true });
      for (const hit of hits) {
        // The reader's own edition, even for a match made in another's words (its twin paragraph).
        const shown = resultParagraph(library, hit, ctx.lang);
        if (!shown || seen.has(`${hit.section}:${hit.paragraph}`) || results.length >= MAX_RESULTS) continue;
        seen.add(`${hit.section}:${hit.paragraph}`);
        const cut = sentencesExcerpt(shown.paragraph, shown.edition.lang, shown.terms, EXCERPT_CHARS);
        results.push(make(shown.paragraph, shown.edition, segmentsHtml(cut), segmentsText(cut)));
      }
    }
    for (const r of results) Object.freeze(r);
    return Object.freeze(results);
  };
  return { composer };
}

function article(
  t: Translate,
  edition: Edition,
  p: Paragraph,
  excerptHtml: string,
  excerptText: string,
  username: string,
  articleTitle: string,
): InlineQueryResultArticle {
  const title = sectionTitle(t, edition, p.section);
  const ref = formatRef({ kind: "section", section: p.section, paragraph: p.index });
  const source = `— ${articleTitle} · ${title}`;
  return {
    type: "article",
    id: `${edition.lang}-${ref}`,
    title,
    description: cutUtf16(excerptText, 120),
    input_message_content: {
      message_text: `${excerptHtml}\n\n${italic(escapeHtml(source))}`,
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    },
    reply_markup: new InlineKeyboard().url(t("inline.read-full"), `https://t.me/${username}?start=${ref}`),
  };
}
