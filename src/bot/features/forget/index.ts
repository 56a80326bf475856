import { Composer } from "grammy";
import type { PersonalDataStore } from "../../../db/personal-data.js";
import type { Logger } from "../../../logger.js";
import { forgetData } from "../../callback-data/forget-data.js";
import { relayCommand } from "../../commands.js";
import type { RelayContext } from "../../context.js";
import type { Feature } from "../../feature.js";
import { isOwnPrivateChat } from "../../guards/own-private-chat.js";
import type { Translator } from "../../i18n.js";
import { escapeHtml } from "../../render/html.js";
import { isEmpty } from "../../render/personal-data.js";
import { confirmMessage, doneMessage } from "./render.js";

/** Telegram's deleteMessages takes at most 100 ids per call. */
const DELETE_BATCH = 100;

/**
 * /forget: after a confirm button, every row about the person goes in one transaction
 * (db/personal-data.ts), then the updates and digests sent to them in the last 48 hours are deleted
 * from the chat. Private chats only: in a group it would speak about someone in front of others.
 */
export function forget(
  store: Pick<PersonalDataStore, "of" | "forget">,
  translator: Translator,
  now: () => number,
  logger: Logger,
): Feature {
  const ask = async (ctx: RelayContext) => {
    if (!isOwnPrivateChat(ctx) || !ctx.from) return void (await ctx.reply(ctx.t("forget.private-only")));
    if (isEmpty(store.of(ctx.from.id, now()))) return void (await ctx.reply(ctx.t("forget.nothing-stored")));
    const m = confirmMessage(ctx.t);
    await ctx.reply(m.text, { parse_mode: "HTML", reply_markup: m.reply_markup });
  };

  const command = relayCommand("forget", translator, ask);
  const composer = new Composer<RelayContext>();

  composer.callbackQuery(forgetData.pattern, async (ctx) => {
    const action = forgetData.decode(ctx.callbackQuery.data);
    if (!isOwnPrivateChat(ctx)) return void (await ctx.answerCallbackQuery(ctx.t("forget.private-only")));
    if (action === "ask") {
      await ctx.answerCallbackQuery();
      return ask(ctx);
    }
    if (action === "no") {
      await ctx.answerCallbackQuery();
      return void (await ctx.editMessageText(escapeHtml(ctx.t("forget.cancelled")), { parse_mode: "HTML" }));
    }
    // The reply keeps the language the person was using, though the choice itself is gone now.
    const t = ctx.t;
    const forgotten = store.forget(ctx.from.id, now());
    await ctx.answerCallbackQuery();
    const { removed, failed } = await deleteRecent(ctx, forgotten.messageIds, logger);
    await ctx.editMessageText(doneMessage(t, forgotten, removed, failed), { parse_mode: "HTML" });
  });

  return { commands: [command], composer };
}

/** Deletes the messages from the chat, 100 at a time; a failure is reported, not thrown (the rows are gone). */
async function deleteRecent(
  ctx: RelayContext,
  messageIds: number[],
  logger: Logger,
): Promise<{ removed: number; failed: boolean }> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return { removed: 0, failed: messageIds.length > 0 };
  let removed = 0;
  let failed = false;
  for (let i = 0; i < messageIds.length; i += DELETE_BATCH) {
    const batch = messageIds.slice(i, i + DELETE_BATCH);
    try {
      await ctx.api.deleteMessages(chatId, batch);
      removed += batch.length;
    } catch (err) {
      failed = true;
      logger.warn({ err, count: batch.length }, "forget: could not delete recent messages");
    }
  }
  return { removed, failed };
}
