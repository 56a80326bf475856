import { Composer } from "grammy";
import type { Library } from "../../../core/article/library.js";
import { parseCardinal } from "../../../core/search/note-reference.js";
import { openData, pageData, switchData, tocData } from "../../callback-data/page-data.js";
import { relayCommand } from "../../commands.js";
import type { RelayContext } from "../../context.js";
import type { Feature } from "../../feature.js";
import type { Translator } from "../../i18n.js";
import type { RenderedMessage } from "../../render/article.js";
import type { ReadingViews } from "../../render/reading-views.js";

/** /sections, /section N and the page buttons. Stores nothing: the reader's place rides in the buttons. */
export function reading(library: Library, translator: Translator, views: ReadingViews): Feature {
  const count = library.sectionCount;

  const sections = relayCommand("sections", translator, async (ctx) => {
    const m = views.contents(ctx);
    await ctx.reply(m.text, m.options);
  });

  const section = relayCommand("section", translator, async (ctx) => {
    const arg = ctx.match.trim();
    if (!arg) return void (await ctx.reply(ctx.t("reading.section-usage", { count })));
    const number = parseCardinal(arg); // "2", "two", "deux", «два»
    const m = number === undefined ? undefined : views.page(ctx, number);
    if (!m)
      return void (await ctx.reply(
        ctx.t("reading.no-such-section", { value: Array.from(arg).slice(0, 20).join(""), count }),
      ));
    await ctx.reply(m.text, m.options);
  });

  const composer = new Composer<RelayContext>();

  // ◀ ▶ edit the message in place, for the reader language the message was rendered for.
  composer.callbackQuery(pageData.pattern, async (ctx) => {
    const ref = pageData.decode(ctx.callbackQuery.data);
    const m = ref && views.pageNumber(ctx, ref.lang, ref.section, ref.page);
    if (!m) return void (await ctx.answerCallbackQuery(ctx.t("reading.stale-button")));
    // Both calls at once: the press costs the slower of the two round trips, not their sum.
    await Promise.all([ctx.answerCallbackQuery(), ctx.editMessageText(m.text, m.options)]);
  });

  // FR · EN · RU: the same place in another language, for this page only. Storing the choice would
  // leave a row per reader (issue 15); the toast says, in the language pressed, that /lang is for good.
  composer.callbackQuery(switchData.pattern, async (ctx) => {
    const ref = switchData.decode(ctx.callbackQuery.data);
    if (!ref || !library.pageAt(library.edition(ref.lang).edition, ref.section, ref.paragraph))
      return void (await ctx.answerCallbackQuery(ctx.t("reading.stale-button")));
    const m = views.page(ctx, ref.section, ref.paragraph, ref.lang) as RenderedMessage;
    await Promise.all([
      ctx.answerCallbackQuery(
        ref.lang === ctx.lang ? undefined : translator.t(ref.lang)("reading.switch-page-only"),
      ),
      ctx.editMessageText(m.text, m.options),
    ]);
  });

  // Contents and footnote buttons open a page as a new message.
  composer.callbackQuery(openData.pattern, async (ctx) => {
    const ref = openData.decode(ctx.callbackQuery.data);
    const m = ref && views.page(ctx, ref.section, ref.paragraph, ctx.lang, true);
    if (!m) return void (await ctx.answerCallbackQuery(ctx.t("reading.stale-button")));
    await Promise.all([ctx.answerCallbackQuery(), ctx.reply(m.text, m.options)]);
  });

  composer.callbackQuery(tocData.pattern, async (ctx) => {
    const m = views.contents(ctx);
    await Promise.all([ctx.answerCallbackQuery(), ctx.reply(m.text, m.options)]);
  });

  return { commands: [sections, section], composer };
}
