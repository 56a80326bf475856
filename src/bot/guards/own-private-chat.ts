import type { RelayContext } from "../context.js";

/** A person speaking for themselves: their own private chat with the bot (/mydata, /forget). */
export const isOwnPrivateChat = (ctx: RelayContext): boolean =>
  ctx.chat?.type === "private" && ctx.from !== undefined && ctx.from.id === ctx.chat.id;
