import { limit } from "@grammyjs/ratelimiter";
import type { MiddlewareFn } from "grammy";
import type { RelayContext } from "../context.js";

export interface RateLimitOptions {
  /** Length of a window in ms (the memory store forgets every count at the end of each). Default 10 s. */
  windowMs?: number;
  /** Messages one sender may send per window; the rest are dropped. Default 30. */
  messagesPerWindow?: number;
}

/**
 * Per-sender flood control for messages only, with @grammyjs/ratelimiter's memory store (counts live in
 * this process's memory and nowhere else). Above the limit, messages are dropped before they reach
 * sequentialize, so a flood never holds anyone's queue; the sender gets ONE notice per window in a
 * private chat, nothing in a group. Callback and inline queries have no key here, so they pass: the
 * limiter would drop them unanswered.
 *
 * `i18n` is the middleware that sets ctx.t; it runs only for the notice, since the limiter sits before it.
 */
export function rateLimitMessages(
  i18n: MiddlewareFn<RelayContext>,
  options: RateLimitOptions = {},
): MiddlewareFn<RelayContext> {
  return limit<RelayContext, never>({
    timeFrame: options.windowMs ?? 10_000,
    limit: options.messagesPerWindow ?? 30,
    storageClient: "MEMORY_STORE",
    keyGenerator: senderKey,
    onLimitExceeded: (ctx) =>
      i18n(ctx, async () => {
        if (ctx.chat?.type === "private") await ctx.reply(ctx.t("guards.slow-down"));
      }),
  });
}

/** Messages and edits only; an anonymous group admin is keyed by the chat it speaks for. */
function senderKey(ctx: RelayContext): string | undefined {
  const msg = ctx.message ?? ctx.editedMessage;
  if (!msg) return undefined;
  const id = msg.sender_chat?.id ?? msg.from?.id;
  return id === undefined ? undefined : String(id);
}
