import type { Conversation } from "@grammyjs/conversations";
import { InlineKeyboard } from "grammy";
import type { Message } from "grammy/types";
import type { Lang } from "../../../core/article/model.js";
import type { Body } from "../../../core/delivery/content.js";
import type { Extracted } from "../../../core/delivery/draft.js";
import { toContent } from "../../../delivery/telegram-content.js";
import type { RelayContext, RelayConversationContext } from "../../context.js";
import { LANGUAGE_NAMES } from "../../render/languages.js";
import { type OpAction, opData, STANDALONE } from "./op-data.js";

export type Conv = Conversation<RelayContext, RelayConversationContext>;
export type Ctx = RelayConversationContext;

/**
 * The next update for this conversation. Commands other than /cancel (which is handled before the
 * conversation) are passed on to their handlers, and the conversation keeps waiting where it was.
 */
export async function step(conversation: Conv): Promise<Ctx> {
  const ctx = await conversation.wait();
  if (ctx.message?.entities?.[0]?.type === "bot_command" && ctx.message.entities[0].offset === 0)
    await conversation.skip({ next: true });
  // Buttons that are not the conversation's (a page, "Find in the article", a /retract or /publish
  // prompt) keep working meanwhile.
  const data = ctx.callbackQuery?.data;
  if (data !== undefined) {
    const action = opData.decode(data);
    if (!action || STANDALONE.has(action.kind)) await conversation.skip({ next: true });
  }
  return ctx;
}

/** Waits for a press on one of the given buttons; a message instead gets a reminder. */
export async function waitForAction<K extends OpAction["kind"]>(
  conversation: Conv,
  kinds: readonly K[],
  typed?: (ctx: Ctx) => OpAction | undefined,
): Promise<{ ctx: Ctx; action: Extract<OpAction, { kind: K }> }> {
  for (;;) {
    const ctx = await step(conversation);
    const action = ctx.callbackQuery?.data
      ? opData.decode(ctx.callbackQuery.data)
      : ctx.message
        ? typed?.(ctx)
        : undefined;
    if (action && (kinds as readonly string[]).includes(action.kind))
      return { ctx, action: action as Extract<OpAction, { kind: K }> };
    if (ctx.message) await ctx.reply(ctx.t("operators.press-a-button"));
    else await refuseOldButton(ctx);
  }
}

/** A press on a draft button of another step (an earlier message's) gets a word, never silence. */
export async function refuseOldButton(ctx: Ctx): Promise<void> {
  if (ctx.callbackQuery) await ctx.reply(ctx.t("operators.old-button"));
}

/** Waits for a text, or one photo, video or document; refuses albums once per album. */
export async function waitForContent(
  conversation: Conv,
): Promise<{ ctx: Ctx; message: Message; extracted: Extracted }> {
  let refusedAlbum: string | undefined;
  for (;;) {
    const ctx = await step(conversation);
    const message = ctx.message;
    if (!message) {
      await refuseOldButton(ctx);
      continue;
    }
    const extracted = toContent(message);
    if (extracted.kind === "album") {
      if (message.media_group_id !== refusedAlbum) await ctx.reply(ctx.t("operators.album-refused"));
      refusedAlbum = message.media_group_id;
      continue;
    }
    if (extracted.kind === "unsupported") {
      await ctx.reply(ctx.t("operators.unsupported"));
      continue;
    }
    return { ctx, message, extracted };
  }
}

/** Waits for a plain text message (a translation, a corrected text), as the core's content. */
export async function waitForText(conversation: Conv): Promise<{ ctx: Ctx; body: Body }> {
  for (;;) {
    const ctx = await step(conversation);
    const message = ctx.message;
    const extracted = message?.text !== undefined ? toContent(message) : undefined;
    if (extracted?.kind === "text") return { ctx, body: extracted.body };
    if (message) await ctx.reply(ctx.t("operators.text-only"));
    else await refuseOldButton(ctx);
  }
}

/** One button per language, in a row. */
export function languageKeyboard(langs: readonly Lang[], kind: "original" | "add") {
  const kb = new InlineKeyboard();
  for (const lang of langs)
    kb.text(
      kind === "add" ? `+ ${LANGUAGE_NAMES[lang]}` : LANGUAGE_NAMES[lang],
      opData.encode({ kind, lang }),
    );
  return kb;
}

/** One row of operator buttons. */
export function buttons(...items: Array<[text: string, action: OpAction]>): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const [text, action] of items) kb.text(text, opData.encode(action));
  return kb;
}
