import { Composer, InlineKeyboard } from "grammy";
import type { Library } from "../../../core/article/library.js";
import { createAnswerCache } from "../../../core/search/answer-cache.js";
import { type Locator, looksLikeExcerpt } from "../../../core/search/locate.js";
import type { Answer, QuestionMatcher } from "../../../core/search/questions.js";
import { smallTalk } from "../../../core/search/small-talk.js";
import { onlyStopWords, type SearchIndex } from "../../../core/search/terms.js";
import { findData } from "../../callback-data/find-data.js";
import { tocData } from "../../callback-data/page-data.js";
import type { RelayContext } from "../../context.js";
import type { Feature } from "../../feature.js";
import type { ReadingViews } from "../../render/reading-views.js";
import { cleanQuery, createResultsCache, renderResults } from "../../render/search-results.js";
import { openInData, renderLocated } from "./locate-render.js";

/**
 * What a non-command message in a private chat is, in this order: a forwarded text → where it comes
 * from; a pasted passage of 8+ words that follows the article closely → where it comes from; anything
 * else → a question about the footnotes, else search results, else a pointer to /sections.
 * (Operators' conversations and channel-post relays are handled before this feature.)
 */
export function ask(
  library: Library,
  index: SearchIndex,
  questions: Pick<QuestionMatcher, "answer">,
  locator: Locator,
  views: ReadingViews,
): Feature {
  const composer = new Composer<RelayContext>();
  const privateChat = composer.chatType("private");

  const whereFrom = async (ctx: RelayContext, text: string): Promise<boolean> => {
    const found = locator.locate(text);
    if (!found) return false;
    const m =
      found.kind === "note" ? views.note(ctx, found.note) : renderLocated(ctx.t, library, found, ctx.lang);
    if (!m) return false;
    await ctx.reply(m.text, m.options);
    return true;
  };

  // The same question asked again within minutes is matched once (bounded, expiring, hashed keys).
  const answered = createAnswerCache<Answer>({ max: 1024, ttlMs: 2 * 60_000 });
  const recent = createResultsCache();
  const answer = async (ctx: RelayContext, text: string) => {
    const result = answered.get([text], () => questions.answer(text));
    if (result.kind === "note") {
      const m = views.note(ctx, result.note);
      if (m) return void (await ctx.reply(m.text, m.options));
    }
    if (result.kind === "out-of-range")
      return void (await ctx.reply(
        ctx.t("notes.no-such-note", { value: result.number, count: library.noteCount }),
      ));
    const query = cleanQuery(text);
    if (onlyStopWords(query)) return void (await ctx.reply(ctx.t("search.stop-words")));
    const results =
      [...query].length >= 2 ? renderResults(ctx.t, library, index, query, ctx.lang, 0, recent) : undefined;
    if (results) return void (await ctx.reply(results.text, results.options));
    await ctx.reply(ctx.t("ask.nothing"));
  };

  privateChat.on(["message:text", "message:caption"], async (ctx, next) => {
    const text = ctx.msg.text ?? ctx.msg.caption ?? "";
    if (ctx.msg.text?.startsWith("/")) return next();
    // An excerpt the reader just shared through this bot's inline mode is not a question to it.
    if (ctx.msg.via_bot?.id === ctx.me.id) return;
    if (ctx.msg.forward_origin) {
      if (await whereFrom(ctx, text)) return;
      return answer(ctx, text);
    }
    if (!ctx.msg.text) return next(); // a captioned photo that is not forwarded: not a question
    if (looksLikeExcerpt(text) && (await whereFrom(ctx, text))) return;
    const talk = smallTalk(text);
    if (talk)
      return void (await ctx.reply(ctx.t(`ask.${talk}`), {
        reply_markup: new InlineKeyboard().text(ctx.t("reading.contents"), tocData.data),
      }));
    await answer(ctx, text);
  });

  // Beside an operator's relay offer: where the forwarded post (the message replied to) comes from.
  composer.callbackQuery(findData.pattern, async (ctx) => {
    const source = ctx.callbackQuery.message?.reply_to_message;
    const text = source?.text ?? source?.caption ?? "";
    await ctx.answerCallbackQuery();
    if (!(await whereFrom(ctx, text))) await ctx.reply(ctx.t("ask.not-in-article"));
  });

  composer.callbackQuery(openInData.pattern, async (ctx) => {
    const ref = openInData.decode(ctx.callbackQuery.data);
    const m = ref && views.page(ctx, ref.section, ref.paragraph, ref.lang, true);
    if (!m) return void (await ctx.answerCallbackQuery(ctx.t("reading.stale-button")));
    await Promise.all([ctx.answerCallbackQuery(), ctx.reply(m.text, m.options)]);
  });
  return { composer };
}
