import { LANGS, type Lang } from "../../../core/article/model.js";
import { limitOf, longestRendering, type UpdateContent } from "../../../core/delivery/content.js";
import type { Correction, StoredUpdate } from "../../../db/updates.js";
import { renderLines, type Texts } from "../../../delivery/texts.js";
import { sendPreview } from "./preview.js";
import { correctionReport } from "./reports.js";
import { buttons, type Conv, type Ctx, languageKeyboard, waitForAction, waitForText } from "./steps.js";

export interface EditDeps {
  texts: Texts;
  get(id: number): StoredUpdate | undefined;
  /** Replaces the content and queues the edits of what was delivered within 48 h; records the audit row. */
  edit(id: number, content: UpdateContent, operatorId: number): Correction | undefined;
}

/** /edit ID: a corrected text for one language, previewed exactly as subscribers will see it, then confirmed. */
export function editConversation(deps: EditDeps) {
  return async function edit(conversation: Conv, ctx: Ctx, args: { id: number }): Promise<void> {
    const operatorId = ctx.from?.id as number;
    const update = await conversation.external(() => deps.get(args.id));
    if (!update) return void (await ctx.reply(ctx.t("operators.no-such-update", { id: args.id })));
    const present = LANGS.filter((l) => update.content.bodies[l]);

    // One language: nothing to ask.
    let chosen: Ctx = ctx;
    let lang = present[0] as Lang;
    if (present.length > 1) {
      await ctx.reply(ctx.t("operators.edit-which-language", { id: args.id }), {
        reply_markup: languageKeyboard(present, "original"),
      });
      const answer = await waitForAction(conversation, ["original"]);
      chosen = answer.ctx;
      lang = answer.action.lang;
    }
    await chosen.reply(
      chosen.t(update.content.media ? "operators.send-caption" : "operators.send-text", {
        language: chosen.t(`language.name-${lang}`),
      }),
    );
    // Too long: the corrected text is asked for again.
    let content: UpdateContent;
    for (;;) {
      const { body } = await waitForText(conversation);
      content = { ...update.content, bodies: { ...update.content.bodies, [lang]: body } };
      const worst = longestRendering(content, LANGS, renderLines(deps.texts), update.source);
      const limit = limitOf(content);
      if (worst.length <= limit) break;
      await ctx.reply(
        ctx.t(content.media ? "operators.caption-too-long" : "operators.too-long", {
          length: worst.length,
          limit,
          language: ctx.t(`language.name-${lang}`),
        }),
      );
    }

    await sendPreview(ctx, deps.texts, { content, source: update.source, sensitive: update.sensitive });
    await ctx.reply(ctx.t("operators.edit-confirm-ask", { id: args.id }), {
      reply_markup: buttons(
        [ctx.t("operators.apply-edit"), { kind: "confirm" }],
        [ctx.t("operators.cancel"), { kind: "cancel" }],
      ),
    });
    const { ctx: answer, action: decision } = await waitForAction(conversation, ["confirm", "cancel"]);
    if (decision.kind === "cancel") return void (await answer.reply(answer.t("operators.cancelled")));
    const result = await conversation.external(() => deps.edit(args.id, content, operatorId));
    if (!result) return void (await answer.reply(answer.t("operators.no-such-update", { id: args.id })));
    await answer.reply(correctionReport(answer.t, args.id, result));
  };
}
