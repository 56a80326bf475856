import { limit } from "@grammyjs/ratelimiter";
import type { MiddlewareFn } from "grammy";
import type { RelayContext } from "../context.js";

export interface RateLimitOptions {
  /** Length of a window in ms (the memory store forgets every count at the end of each). Default 10 s. */
  windowMs?: number;
  /** Messages and edits one sender may send per window; the rest are dropped. Default 30. */
  messagesPerWindow?: number;
  /** Button presses one sender may make per window; each press over it gets a "slow down" answer. Default 20. */
  pressesPerWindow?: number;
  /** Inline queries one sender may make per window (one per keystroke); the rest get no result. Default 40. */
  inlineQueriesPerWindow?: number;
}

/**
 * Per-sender flood control for every kind of update a person can send, with @grammyjs/ratelimiter's
 * memory store (counts live in this process's memory for one window and nowhere else). Over the limit,
 * an update is dropped before it reaches the chat queue, so a flood never holds anyone's turn:
 * - a message or edit: ONE notice per window in a private chat, nothing in a group;
 * - a button press: answered at once with a short "slow down" (every press needs its answer, or the
 *   reader's app keeps a spinner);
 * - an inline query: an empty answer, personal and not cached.
 * Each kind counts apart, so typing an inline query never costs a reader their messages.
 *
 * `i18n` is the middleware that sets ctx.t; it runs only for a notice, since the limiter sits before it.
 */
export function rateLimitSenders(
  i18n: MiddlewareFn<RelayContext>,
  options: RateLimitOptions = {},
): MiddlewareFn<RelayContext> {
  const timeFrame = options.windowMs ?? 10_000;
  const messages = limit<RelayContext, never>({
    timeFrame,
    limit: options.messagesPerWindow ?? 30,
    storageClient: "MEMORY_STORE",
    keyGenerator: messageSender,
    onLimitExceeded: (ctx) =>
      i18n(ctx, async () => {
        if (ctx.chat?.type === "private") await ctx.reply(ctx.t("guards.slow-down"));
      }),
  });
  const presses = limit<RelayContext, never>({
    timeFrame,
    limit: options.pressesPerWindow ?? 20,
    storageClient: "MEMORY_STORE",
    alwaysReply: true,
    keyGenerator: (ctx) => (ctx.callbackQuery ? String(ctx.callbackQuery.from.id) : undefined),
    onLimitExceeded: (ctx) =>
      i18n(ctx, async () => {
        await ctx.answerCallbackQuery(ctx.t("guards.slow-down-press"));
      }),
  });
  const inline = limit<RelayContext, never>({
    timeFrame,
    limit: options.inlineQueriesPerWindow ?? 40,
    storageClient: "MEMORY_STORE",
    alwaysReply: true,
    keyGenerator: (ctx) => (ctx.inlineQuery ? String(ctx.inlineQuery.from.id) : undefined),
    onLimitExceeded: async (ctx) => {
      await ctx.answerInlineQuery([], { cache_time: 0, is_personal: true });
    },
  });
  return (ctx, next) => {
    if (ctx.callbackQuery) return presses(ctx, next);
    if (ctx.inlineQuery) return inline(ctx, next);
    return messages(ctx, next);
  };
}

/** Messages and edits; an anonymous group admin is keyed by the chat it speaks for. */
function messageSender(ctx: RelayContext): string | undefined {
  const msg = ctx.message ?? ctx.editedMessage;
  if (!msg) return undefined;
  const id = msg.sender_chat?.id ?? msg.from?.id;
  return id === undefined ? undefined : String(id);
}
