import { randomUUID } from "node:crypto";
import type { Message } from "grammy/types";
import { LANGS, type Lang } from "../../../core/article/model.js";
import {
  type Body,
  limitOf,
  longestRendering,
  type MediaKind,
  type Source,
  type UpdateContent,
} from "../../../core/delivery/content.js";
import { arrivedTogether, joinBodies, sourceOf } from "../../../core/delivery/draft.js";
import type { NewUpdate } from "../../../db/updates.js";
import { toContent } from "../../../delivery/telegram-content.js";
import { renderLines, type Texts } from "../../../delivery/texts.js";
import { type OpAction, opData } from "./op-data.js";
import { type DraftUpdate, sendPreview } from "./preview.js";
import {
  buttons,
  type Conv,
  type Ctx,
  languageKeyboard,
  refuseOldButton,
  step,
  waitForAction,
  waitForContent,
  waitForText,
} from "./steps.js";

export interface PostDeps {
  texts: Texts;
  /** Publishes a confirmed draft, once per draft key; records the audit row and wakes the dispatcher. */
  publish(
    update: NewUpdate,
    operatorId: number,
    relayed: boolean,
    /** What the operator confirmed: a large audience is still being queued when publish returns. */
    audience: { instant: number; channel: boolean },
  ): { id: number; created: boolean; recipients: number };
  setProgressMessage(id: number, messageId: number): void;
  /** Who would receive it now: instant subscribers, digest subscribers, and whether the channel does. */
  audience(sensitive: boolean): { instant: number; digest: number; channel: boolean };
}

const HOURS = [1, 6, 24, 47];

/**
 * /post: the operator writes an update (or forwards a channel post to relay), picks its language, may add
 * the others, marks it sensitive or not, sees it exactly as subscribers will, and confirms or cancels.
 * Every step waits through `step`, behind the operator check; /cancel leaves at any step.
 */
export function postConversation(deps: PostDeps) {
  return async function post(conversation: Conv, ctx: Ctx, args?: { relay?: boolean }): Promise<void> {
    const draftKey = await conversation.external(() => randomUUID());
    const operatorId = ctx.from?.id as number;

    // 1. The content: the forwarded post that opened the conversation, or what the operator sends now.
    let content: Message | undefined = args?.relay ? ctx.message : undefined;
    let extracted = content ? toContent(content) : undefined;
    if (!content || !extracted || extracted.kind === "album" || extracted.kind === "unsupported") {
      await ctx.reply(ctx.t("operators.post-ask"));
      ({ message: content, extracted } = await waitForContent(conversation));
    }
    const source: Source | undefined = sourceOf(content);
    let media: { kind: MediaKind; fileId: string } | undefined;
    let body: Body;
    if (extracted.kind === "media") ({ media, body } = extracted);
    else if (extracted.kind === "text") body = extracted.body;
    else return;

    // 2. Its language; meanwhile, texts sent within 2 s of each other are offered to be joined.
    await ctx.reply(ctx.t("operators.post-which-language"), {
      reply_markup: languageKeyboard(LANGS, "original"),
    });
    const parts: Body[] = [body];
    let last = content;
    let joinPending = false;
    let original: Lang | undefined;
    while (!original) {
      const c = await step(conversation);
      const m = c.message;
      const next = m?.text !== undefined ? toContent(m) : undefined;
      if (m && next?.kind === "text" && !media && arrivedTogether(last, m)) {
        parts.push(next.body);
        last = m;
        joinPending = true;
        await c.reply(c.t("operators.join-offer", { count: parts.length }), {
          reply_markup: buttons(
            [c.t("operators.join"), { kind: "join" }],
            [c.t("operators.keep-first"), { kind: "keep-first" }],
          ),
        });
        continue;
      }
      const action = c.callbackQuery?.data ? opData.decode(c.callbackQuery.data) : undefined;
      if (action?.kind === "join" || action?.kind === "keep-first") {
        if (action.kind === "keep-first") parts.splice(1);
        joinPending = false;
        await c.reply(c.t(action.kind === "join" ? "operators.joined" : "operators.kept-first"));
        continue;
      }
      if (action?.kind === "original") {
        if (joinPending) await c.reply(c.t("operators.decide-join-first"));
        else original = action.lang;
        continue;
      }
      if (m) await c.reply(c.t("operators.press-a-button"));
      else await refuseOldButton(c);
    }
    const bodies: Partial<Record<Lang, Body>> = { [original]: joinBodies(parts) };

    // 3. Other languages, or none.
    for (;;) {
      const missing = LANGS.filter((l) => !bodies[l]);
      if (missing.length === 0) break;
      const have = LANGS.filter((l) => bodies[l])
        .map((l) => ctx.t(`language.name-${l}`))
        .join(", ");
      await ctx.reply(ctx.t("operators.post-translations", { languages: have }), {
        reply_markup: languageKeyboard(missing, "add")
          .row()
          .text(ctx.t("operators.no-more"), opData.encode({ kind: "no-more" })),
      });
      const { ctx: c, action } = await waitForAction(conversation, ["add", "no-more"]);
      if (action.kind === "no-more") break;
      await c.reply(
        c.t(media ? "operators.send-caption" : "operators.send-text", {
          language: c.t(`language.name-${action.lang}`),
        }),
      );
      bodies[action.lang] = (await waitForText(conversation)).body;
    }
    const update: UpdateContent = { original, bodies, ...(media ? { media } : {}) };

    // 4. Sensitive or not; if so, when it is deleted.
    await ctx.reply(ctx.t("operators.sensitive-ask"), {
      reply_markup: buttons(
        [ctx.t("operators.not-sensitive"), { kind: "sensitive", on: false }],
        [ctx.t("operators.sensitive"), { kind: "sensitive", on: true }],
      ),
    });
    const sensitive = (await waitForAction(conversation, ["sensitive"])).action.on;
    let deleteAfterHours: number | undefined;
    if (sensitive) {
      const kb = buttons(
        ...HOURS.map((hours): [string, OpAction] => [
          ctx.t("operators.hours", { count: hours }),
          { kind: "delete-after", hours },
        ]),
      );
      await ctx.reply(ctx.t("operators.delete-after-ask"), { reply_markup: kb });
      const typedHours = (c: Ctx) => {
        const n = Number(c.message?.text?.trim());
        return Number.isInteger(n) && n >= 1 && n <= 47
          ? ({ kind: "delete-after", hours: n } as const)
          : undefined;
      };
      deleteAfterHours = (await waitForAction(conversation, ["delete-after"], typedHours)).action.hours;
    }

    // 5. A relayed post: with or without its "Source: …" line.
    let keptSource: Source | undefined;
    if (source) {
      await ctx.reply(ctx.t("operators.source-ask", { source: source.title }), {
        reply_markup: buttons(
          [ctx.t("operators.with-source"), { kind: "source", on: true }],
          [ctx.t("operators.without-source"), { kind: "source", on: false }],
        ),
      });
      if ((await waitForAction(conversation, ["source"])).action.on) keptSource = source;
    }

    // 6. Limits, on the final message with every line Relay adds, for readers of every language.
    const draft: DraftUpdate = { content: update, source: keptSource, sensitive };
    // Too long: the text that overflows is asked for again, the rest of the draft kept.
    for (;;) {
      const worst = longestRendering(update, LANGS, renderLines(deps.texts), keptSource);
      const limit = limitOf(update);
      if (worst.length <= limit) break;
      const lang = bodies[worst.reader] ? worst.reader : original;
      await ctx.reply(
        ctx.t(media ? "operators.caption-too-long" : "operators.too-long", {
          length: worst.length,
          limit,
          language: ctx.t(`language.name-${lang}`),
        }),
      );
      bodies[lang] = (await waitForText(conversation)).body;
    }

    // 7. Preview, then confirm or cancel.
    await sendPreview(ctx, deps.texts, draft);
    const audience = await conversation.external(() => deps.audience(sensitive));
    await ctx.reply(
      ctx.t(audience.channel ? "operators.confirm-ask-channel" : "operators.confirm-ask", {
        instant: audience.instant,
        digest: audience.digest,
      }),
      {
        reply_markup: buttons(
          [ctx.t("operators.publish"), { kind: "confirm" }],
          [ctx.t("operators.cancel"), { kind: "cancel" }],
        ),
      },
    );
    const { ctx: answer, action } = await waitForAction(conversation, ["confirm", "cancel"]);
    if (action.kind === "cancel") return void (await answer.reply(answer.t("operators.cancelled")));

    const published = await conversation.external(() =>
      deps.publish(
        {
          draftKey,
          content: update,
          source: keptSource,
          sensitive,
          deleteAfterSeconds: deleteAfterHours === undefined ? undefined : deleteAfterHours * 3600,
          progress: { chatId: operatorId, lang: answer.lang },
        },
        operatorId,
        source !== undefined,
        audience,
      ),
    );
    const progress = await answer.reply(
      answer.t("operators.publishing", { id: published.id, count: published.recipients }),
    );
    await conversation.external(() => deps.setProgressMessage(published.id, progress.message_id));
  };
}
