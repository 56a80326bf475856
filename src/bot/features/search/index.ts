import { Composer } from "grammy";
import type { Library } from "../../../core/article/library.js";
import { onlyStopWords, type SearchIndex } from "../../../core/search/terms.js";
import { moreData } from "../../callback-data/more-data.js";
import { relayCommand } from "../../commands.js";
import type { RelayContext } from "../../context.js";
import type { Feature } from "../../feature.js";
import type { Translator } from "../../i18n.js";
import {
  cleanQuery,
  createResultsCache,
  queryFromMessage,
  renderResults,
} from "../../render/search-results.js";

/** /search words, and the "more" button under results. Nothing about a search is stored. */
export function search(library: Library, index: SearchIndex, translator: Translator): Feature {
  const recent = createResultsCache();
  const command = relayCommand("search", translator, async (ctx) => {
    const query = cleanQuery(ctx.match);
    if ([...query].length < 2) return void (await ctx.reply(ctx.t("search.usage")));
    if (onlyStopWords(query)) return void (await ctx.reply(ctx.t("search.stop-words")));
    const m = renderResults(ctx.t, library, index, query, ctx.lang, 0, recent);
    if (!m) return void (await ctx.reply(ctx.t("search.nothing")));
    await ctx.reply(m.text, m.options);
  });

  const composer = new Composer<RelayContext>();
  composer.callbackQuery(moreData.pattern, async (ctx) => {
    const offset = moreData.decode(ctx.callbackQuery.data);
    const query = queryFromMessage(ctx.callbackQuery.message?.text);
    const m =
      query && offset !== undefined
        ? renderResults(ctx.t, library, index, query, ctx.lang, offset, recent)
        : undefined;
    if (!m) return void (await ctx.answerCallbackQuery(ctx.t("reading.stale-button")));
    await Promise.all([ctx.answerCallbackQuery(), ctx.reply(m.text, m.options)]);
  });
  return { commands: [command], composer };
}
