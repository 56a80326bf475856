import type { Context } from "grammy";

/**
 * The one operator check, mounted once as `bot.filter(isOperator)` in create-bot.ts: every operator
 * command, button and conversation sits behind it, and anyone else falls through to the fallback.
 * An operator is a user id in OPERATOR_IDS, in their own private chat with the bot.
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
