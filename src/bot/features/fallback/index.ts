import { Composer } from "grammy";
import type { RelayContext } from "../../context.js";

/**
 * Last in the chain: whatever no feature took. In private chats, a short hint toward /help;
 * in groups, silence (the bot answers only commands addressed to it).
 */
export function fallback() {
  const composer = new Composer<RelayContext>();
  const privateChat = composer.chatType("private");
  privateChat.on("message:text", (ctx) => ctx.reply(ctx.t("fallback.unknown-command")));
  privateChat.on("message", (ctx) => ctx.reply(ctx.t("fallback.non-text")));
  composer.on("callback_query:data", (ctx) => ctx.answerCallbackQuery(ctx.t("reading.stale-button")));
  return { composer };
}
