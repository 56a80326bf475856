import type { MiddlewareFn } from "grammy";
import type { Logger } from "../logger.js";
import type { RelayContext } from "./context.js";

/**
 * Every callback query is answered exactly once, even when its handler throws:
 * otherwise the reader's app shows a spinner until Telegram gives up.
 */
export function answerEveryCallback(logger: Logger): MiddlewareFn<RelayContext> {
  return async (ctx, next) => {
    if (!ctx.callbackQuery) return next();
    let answered = false;
    const answer = ctx.answerCallbackQuery.bind(ctx);
    ctx.answerCallbackQuery = (...args) => {
      if (answered) return Promise.resolve(true);
      answered = true;
      return answer(...args);
    };
    let failed = false;
    try {
      await next();
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      if (!answered) {
        await ctx
          .answerCallbackQuery(failed ? { text: ctx.t("errors.generic") } : undefined)
          .catch((err: unknown) => logger.warn({ err }, "answerCallbackQuery failed"));
      }
    }
  };
}
