import { randomUUID } from "node:crypto";
import { Composer } from "grammy";
import type { RelayContext } from "../../context.js";
import { opData } from "./op-data.js";
import type { OperatorTools } from "./operator-commands.js";
import { retractionReport } from "./reports.js";

/** The /retract and /publish confirmations, and stale conversation buttons; behind the operator filter. */
export function operatorButtons(tools: OperatorTools): Composer<RelayContext> {
  const { deps, ups, log } = tools;
  const composer = new Composer<RelayContext>();
  composer.callbackQuery(opData.pattern, async (ctx) => {
    const action = opData.decode(ctx.callbackQuery.data);
    if (action?.kind === "retract") {
      const result = ups.retract(action.id);
      if (!result) return ctx.answerCallbackQuery(ctx.t("operators.stale-button"));
      log.record(ctx.from.id, "retract", action.id);
      deps.kick();
      await ctx.answerCallbackQuery();
      return ctx.editMessageText(retractionReport(ctx.t, action.id, result));
    }
    if (action?.kind === "publish" && deps.channel && deps.publication) {
      await ctx.answerCallbackQuery();
      const result = ups.publishArticle({
        draftKey: `publish:${ctx.callbackQuery.message?.message_id ?? randomUUID()}`,
        posts: deps.publication.posts(),
        files: deps.publication.files?.count() ?? 0,
        channel: deps.channel,
        progress: { chatId: ctx.chat?.id as number, lang: ctx.lang },
      });
      if (!result.created) return;
      log.record(ctx.from.id, "publish", result.id);
      deps.kick();
      await ctx.editMessageText(ctx.t("operators.publishing", { id: result.id, count: result.recipients }));
      const messageId = ctx.callbackQuery.message?.message_id;
      if (messageId) ups.setProgressMessage(result.id, messageId);
      return;
    }
    if (action?.kind === "dismiss") {
      await ctx.answerCallbackQuery();
      return ctx.editMessageText(ctx.t("operators.cancelled"));
    }
    await ctx.answerCallbackQuery(ctx.t("operators.stale-button"));
  });
  return composer;
}
