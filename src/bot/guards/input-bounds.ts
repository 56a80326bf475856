import { Composer } from "grammy";
import type { RelayContext } from "../context.js";

/** Telegram's own limits (docs: ../shared/TELEGRAM.md): nothing a real client sends goes beyond them. */
export const MAX_MESSAGE_TEXT = 4096;
export const MAX_INLINE_QUERY = 256;
export const MAX_CALLBACK_DATA_BYTES = 64;
export const DEEP_LINK_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Input outside Telegram's bounds is answered here and goes no further, so no feature has to
 * defend against it: over-long text (a clear reply in private chats, silence in groups), a /start
 * payload that cannot be a deep link, callback data no button of Relay's could carry (too long, not
 * UTF-8, or from an inline message, where Relay puts only URL buttons), an over-long
 * inline query (an empty answer, so the app stops waiting). Must run after i18n (it replies in the
 * reader's language) and after the callback guard (which answers whatever is left unanswered).
 */
export function inputBounds(): Composer<RelayContext> {
  const composer = new Composer<RelayContext>();

  // Telegram's JSON is UTF-8 and never carries half a surrogate pair, but a forged update can
  // ("\udfff" is valid JSON). Echoed back, it would make Telegram refuse the reply: read it as U+FFFD.
  composer.use((ctx, next) => {
    const msg = ctx.message ?? ctx.editedMessage ?? ctx.channelPost;
    if (msg?.text !== undefined) msg.text = wellFormed(msg.text);
    if (msg?.caption !== undefined) msg.caption = wellFormed(msg.caption);
    if (ctx.inlineQuery) ctx.inlineQuery.query = wellFormed(ctx.inlineQuery.query);
    return next();
  });

  composer.on(["message", "edited_message"], async (ctx, next) => {
    const msg = ctx.msg;
    const text = msg.text ?? msg.caption ?? "";
    if (text.length <= MAX_MESSAGE_TEXT) return next();
    if (ctx.chat.type === "private" && ctx.message)
      await ctx.reply(ctx.t("guards.too-long", { max: MAX_MESSAGE_TEXT }));
  });

  composer.command("start", async (ctx, next) => {
    const payload = ctx.match.trim();
    if (payload === "" || DEEP_LINK_PAYLOAD.test(payload)) return next();
    await ctx.reply(ctx.t("guards.bad-link"));
  });

  composer.on("callback_query", async (ctx, next) => {
    const data = ctx.callbackQuery.data;
    // A game button carries no data: nothing of Relay's can be behind it.
    if (data === undefined) return void (await ctx.answerCallbackQuery());
    // Relay's inline results carry only URL buttons: a callback from an inline message is not Relay's,
    // and its handlers, which answer in the chat, would have no chat to answer in.
    if (ctx.callbackQuery.inline_message_id !== undefined)
      return void (await ctx.answerCallbackQuery(ctx.t("guards.bad-button")));
    if (data === "" || Buffer.byteLength(data, "utf8") > MAX_CALLBACK_DATA_BYTES || wellFormed(data) !== data)
      return void (await ctx.answerCallbackQuery(ctx.t("guards.bad-button")));
    return next();
  });

  composer.on("inline_query", async (ctx, next) => {
    if (ctx.inlineQuery.query.length <= MAX_INLINE_QUERY) return next();
    await ctx.answerInlineQuery([], { cache_time: 0, is_personal: true });
  });

  return composer;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The string with every lone surrogate replaced by U+FFFD (one UTF-16 unit, so entity offsets hold). */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD");
}
