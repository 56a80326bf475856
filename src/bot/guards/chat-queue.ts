import type { MiddlewareFn } from "grammy";
import type { Logger } from "../../logger.js";
import type { RelayContext } from "../context.js";

export interface ChatQueueOptions {
  /** Updates one chat may have waiting or running; beyond it new ones are turned away. Default 8. */
  maxQueued?: number;
  /** Longest time one update may hold its chat's turn (replies retried after a 429 included). Default 5 s. */
  holdMs?: number;
}

/**
 * One update at a time per chat (or per sender, for inline queries), like @grammyjs/runner's
 * `sequentialize`, with the two bounds it lacks: a chat's queue holds at most `maxQueued` updates
 * (a press beyond it is answered "slow down", an inline query gets no result, a message is dropped),
 * and an update that takes longer than `holdMs` (a reply sleeping in auto-retry, a hung request) gives
 * up its turn: it finishes in the background and the next update of that chat starts. Queues live in
 * memory only while they hold something.
 *
 * `i18n` sets ctx.t; it runs only for a "slow down" answer, since the queue sits before it.
 */
export function chatQueue(
  i18n: MiddlewareFn<RelayContext>,
  logger: Logger,
  options: ChatQueueOptions = {},
): MiddlewareFn<RelayContext> {
  const maxQueued = options.maxQueued ?? 8;
  const holdMs = options.holdMs ?? 5_000;
  const queues = new Map<string, { tail: Promise<void>; size: number }>();

  return async (ctx, next) => {
    const key = (ctx.chat?.id ?? ctx.from?.id)?.toString();
    if (key === undefined) return next();
    let queue = queues.get(key);
    if (!queue) {
      queue = { tail: Promise.resolve(), size: 0 };
      queues.set(key, queue);
    }
    if (queue.size >= maxQueued) return turnAway(ctx, i18n);

    queue.size++;
    const before = queue.tail;
    let release = () => {};
    queue.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    const kind = Object.keys(ctx.update).find((k) => k !== "update_id");
    let timer: NodeJS.Timeout | undefined;
    try {
      await before;
      const work = next();
      const late = new Promise<"late">((resolve) => {
        timer = setTimeout(() => resolve("late"), holdMs);
      });
      if ((await Promise.race([work, late])) === "late") {
        logger.warn(
          { update_kind: kind, hold_ms: holdMs },
          "update held its chat too long: the queue moved on",
        );
        work.catch((err: unknown) =>
          logger.error({ err, update_kind: kind }, "handler failed after its turn"),
        );
      }
    } finally {
      clearTimeout(timer);
      release();
      if (--queue.size === 0 && queues.get(key) === queue) queues.delete(key);
    }
  };
}

async function turnAway(ctx: RelayContext, i18n: MiddlewareFn<RelayContext>): Promise<void> {
  if (ctx.callbackQuery)
    await i18n(ctx, async () => {
      await ctx.answerCallbackQuery(ctx.t("guards.slow-down-press"));
    });
  else if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: 0, is_personal: true });
}
