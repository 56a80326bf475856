import { Api, HttpError, type MiddlewareFn, type Transformer } from "grammy";
import { type Conv, type Ctx, step } from "./steps.js";

/** Methods that show a step to the operator: if one cannot get through, the step waits to be retried. */
const SHOWS = /^(send|edit|copy)/;

/** 429 or 5xx: Telegram may well take the same call in a moment. */
const transient = (res: { ok: boolean; error_code?: number }) =>
  !res.ok && (res.error_code === 429 || (res.error_code ?? 0) >= 500);

/**
 * A conversation plugin: the context's Api gets `bot.api`'s transformers, and a step that still cannot
 * be shown after their retries waits for the operator to try it again instead of ending the draft.
 *
 * The conversations plugin builds each context's Api from scratch with one transformer of its own,
 * which records every call's result for replay. Rebuilt here, the order is (inside out):
 * bot.api's transformers (`botTransformers()`, read at every step: whatever is installed on bot.api,
 * retries today and any pacer later, applies here too, from this single place), then the recorder,
 * so that only a call's final outcome is recorded and a replay never waits out a 429 again, then the
 * step guard, which runs on replays too and so takes the same path every time.
 */
export function conversationApi(botTransformers: () => readonly Transformer[]) {
  return (conversation: Conv): MiddlewareFn<Ctx> =>
    async (ctx, next) => {
      const recorder = ctx.api.config.installedTransformers();
      const api = new Api(ctx.api.token, ctx.api.options);
      api.config.use(...botTransformers());
      api.config.use(...recorder);
      api.config.use(stepGuard(conversation, ctx));
      (ctx as { api: Api }).api = api;
      await next();
    };
}

/** On a transient failure: tell the operator (in their language), wait for any message, try again. */
function stepGuard(conversation: Conv, ctx: Ctx): Transformer {
  return async (prev, method, payload, signal) => {
    if (!SHOWS.test(method)) return prev(method, payload, signal);
    for (;;) {
      try {
        const res = await prev(method, payload, signal);
        if (!transient(res)) return res;
      } catch (err) {
        // No answer at all (refused, reset, timed out): as transient as a 5xx.
        if (!(err instanceof HttpError)) throw err;
      }
      const chat_id = ctx.chat?.id;
      if (chat_id !== undefined)
        await prev("sendMessage", { chat_id, text: ctx.t("operators.step-failed") }).catch(() => undefined);
      // The draft is saved here, as at any step; the operator's next message or press retries the call.
      await step(conversation);
    }
  };
}
