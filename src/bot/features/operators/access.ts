import type { Context } from "grammy";
import type { RelayContext } from "../../context.js";

/**
 * The one operator check. Every operator command, button and conversation step goes through
 * `isOperator`: an operator is a user id in OPERATOR_IDS, in their own private chat with the bot.
 */
export function operatorAccess(operatorIds: readonly number[]) {
  const allowed = new Set(operatorIds);
  const isOperator = (ctx: Context): boolean =>
    ctx.chat?.type === "private" &&
    ctx.from !== undefined &&
    allowed.has(ctx.from.id) &&
    ctx.chat.id === ctx.from.id;
  return { isOperator };
}

/**
 * What anyone else gets: exactly what the fallback feature answers to an unknown command or a stray
 * button (a hint toward /help in a private chat, silence in a group), and nothing changes.
 */
export async function notForYou(ctx: RelayContext): Promise<void> {
  if (ctx.callbackQuery) return void (await ctx.answerCallbackQuery(ctx.t("reading.stale-button")));
  if (ctx.chat?.type === "private") await ctx.reply(ctx.t("fallback.unknown-command"));
}
