import type { Library } from "../../core/article/library.js";
import type { Lang } from "../../core/article/model.js";
import type { Page } from "../../core/article/paginate.js";
import type { RelayContext } from "../context.js";
import type { Translator } from "../i18n.js";
import type { RenderedMessage } from "./article.js";
import { renderNote } from "./note.js";
import { renderContents, renderPage } from "./page.js";

/** What a view depends on in an update: the reader's language and whether the bot can share inline. */
export type ViewContext = Pick<RelayContext, "lang" | "me">;

/**
 * Pages, the contents and footnotes as messages. Each is a pure function of (reader language, edition
 * asked for, section, page, whether the bot can share inline), so it is rendered on first use and the
 * same frozen object is served after: no i18next call, no HTML escaping, no keyboard built per update.
 * The keys come from data/ (a page, a footnote that exists), never from what a reader typed, so the
 * maps are bounded by the article: about 3 × 3 × its pages, 3 × its footnotes, 3 contents.
 * A page with ▶ on one paragraph ("open this place") is rendered each time: caching one per paragraph
 * would hold the article many times over for the rarer path.
 */
export interface ReadingViews {
  /** The page holding `paragraph` (or the first page) of `section` in `lang`'s edition; `mark` points ▶ at it. */
  page(
    ctx: ViewContext,
    section: number,
    paragraph?: number,
    lang?: Lang,
    mark?: boolean,
  ): RenderedMessage | undefined;
  /** Page `page` (1-based) of `section` in `lang`'s edition: the ◀ ▶ buttons. */
  pageNumber(ctx: ViewContext, lang: Lang, section: number, page: number): RenderedMessage | undefined;
  /** The table of contents in the reader's language. */
  contents(ctx: ViewContext): RenderedMessage;
  /** Footnote `number` in the reader's language, or undefined when there is none. */
  note(ctx: ViewContext, number: number): RenderedMessage | undefined;
}

export function readingViews(library: Library, translator: Translator): ReadingViews {
  const pages = new Map<string, RenderedMessage>();
  const contents = new Map<Lang, RenderedMessage>();
  const notes = new Map<string, RenderedMessage>();

  const view = (ctx: ViewContext, lang: Lang, page: Page, mark?: number): RenderedMessage => {
    const { edition, fallback } = library.edition(lang);
    const canShare = ctx.me.supports_inline_queries;
    const render = () =>
      renderPage(translator.t(ctx.lang), edition, page, { readerLang: lang, fallback, canShare, mark });
    if (mark !== undefined) return render();
    return memo(
      pages,
      `${ctx.lang}:${lang}:${canShare ? 1 : 0}:${page.section}:${page.page}`,
      render,
    ) as RenderedMessage;
  };

  return {
    page(ctx, section, paragraph, lang = ctx.lang, mark = false) {
      const page = library.pageAt(library.edition(lang).edition, section, paragraph);
      return page && view(ctx, lang, page, mark ? paragraph : undefined);
    },
    pageNumber(ctx, lang, section, number) {
      const page = library.pages(library.edition(lang).edition, section)?.[number - 1];
      return page && view(ctx, lang, page);
    },
    contents(ctx) {
      const { edition } = library.edition(ctx.lang);
      const count = (s: number) => library.pages(edition, s)?.length ?? 1;
      return memo(contents, ctx.lang, () =>
        renderContents(translator.t(ctx.lang), edition, count),
      ) as RenderedMessage;
    },
    note(ctx, number) {
      // Only a footnote that exists is kept: a number typed by a reader is never a key.
      if (number < 1 || number > library.noteCount || !Number.isInteger(number)) return undefined;
      return memo(notes, `${ctx.lang}:${number}`, () =>
        renderNote(translator.t(ctx.lang), library, ctx.lang, number),
      );
    },
  };
}

/** The message under `key`, rendered and frozen on first use; undefined (nothing to show) is not kept. */
function memo<K>(
  map: Map<K, RenderedMessage>,
  key: K,
  render: () => RenderedMessage | undefined,
): RenderedMessage | undefined {
  let m = map.get(key);
  if (!m) {
    m = render();
    if (m) map.set(key, freeze(m));
  }
  return m;
}

/** Frozen all the way down: a message served to many readers must not be changed for one. */
function freeze(m: RenderedMessage): RenderedMessage {
  for (const row of m.options.reply_markup.inline_keyboard) {
    for (const button of row) {
      for (const value of Object.values(button)) if (typeof value === "object") Object.freeze(value);
      Object.freeze(button);
    }
    Object.freeze(row);
  }
  Object.freeze(m.options.reply_markup.inline_keyboard);
  Object.freeze(m.options.reply_markup);
  Object.freeze(m.options.link_preview_options);
  Object.freeze(m.options);
  return Object.freeze(m);
}
