import { Composer, InlineKeyboard, type MiddlewareFn, type Transformer } from "grammy";
import { AUTO_DELETE_DELAYS, type AutoDeletions } from "../../../db/auto-delete.js";
import type { Logger } from "../../../logger.js";
import { autoDeleteData } from "../../callback-data/auto-delete-data.js";
import { relayCommand } from "../../commands.js";
import type { RelayContext } from "../../context.js";
import type { Feature } from "../../feature.js";
import { isOwnPrivateChat } from "../../guards/own-private-chat.js";
import type { Translate, Translator } from "../../i18n.js";
import { deleteInBatches } from "./delete-batches.js";

/** How far back /panic reaches without any record: message ids run in sequence in a private chat. */
export const PANIC_REACH = 300;
/** The /panic report deletes itself after a minute: a seized phone should not show it either. */
const REPORT_LIFETIME_MS = 60_000;

// Every method that puts a new message into a chat.
const SENDS = new Set([
  "sendMessage",
  "sendPhoto",
  "sendVideo",
  "sendDocument",
  "sendAudio",
  "sendAnimation",
  "sendVoice",
  "sendVideoNote",
  "sendSticker",
  "sendLocation",
  "sendVenue",
  "sendContact",
  "sendPoll",
  "sendDice",
  "sendMediaGroup",
  "copyMessage",
  "copyMessages",
  "forwardMessage",
  "forwardMessages",
]);

const label = (t: Translate, delay: number | undefined) =>
  delay === undefined ? t("autodelete.off-label") : t("autodelete.hours", { count: delay / 3_600 });

/** The auto-delete menu: the state, what it does, and one button per choice (the current one ticked). */
export function autoDeleteView(t: Translate, delay: number | undefined) {
  const kb = new InlineKeyboard();
  for (const d of [undefined, ...AUTO_DELETE_DELAYS]) {
    const text = label(t, d);
    kb.text(d === delay ? `✓ ${text}` : text, autoDeleteData.encode({ kind: "set", delaySeconds: d }));
  }
  const state =
    delay === undefined ? t("autodelete.state-off") : t("autodelete.state-on", { delay: label(t, delay) });
  return { text: [t("autodelete.title"), state, "", t("autodelete.explain")].join("\n"), reply_markup: kb };
}

/**
 * Auto-delete (chosen from /settings) and /panic, in a reader's private chat. While auto-delete is on,
 * every message Relay sends there and every message the reader sends it gets a sealed pending-deletion
 * row (db/auto-delete.ts) that the sweeper in app.ts acts on after the chosen delay. /panic deletes the
 * chat's recent messages at once, without confirmation, and says what it could not delete.
 */
/** What auto-delete and /panic use of db/auto-delete.ts (built once in src/app.ts). */
export type AutoDeleteStore = Pick<
  AutoDeletions,
  "delayOf" | "pending" | "recentDelivered" | "forget" | "schedule" | "setDelay" | "recordIfOn"
>;

export function autoDelete(
  store: AutoDeleteStore,
  translator: Translator,
  now: () => number,
  logger: Logger,
) {
  const showMenu = async (ctx: RelayContext) => {
    if (!isOwnPrivateChat(ctx)) return void (await ctx.reply(ctx.t("autodelete.private-only")));
    const view = autoDeleteView(ctx.t, store.delayOf(ctx.chat?.id as number));
    await ctx.reply(view.text, { reply_markup: view.reply_markup });
  };

  const panic = relayCommand("panic", translator, async (ctx) => {
    if (!isOwnPrivateChat(ctx) || !ctx.chat) return void (await ctx.reply(ctx.t("panic.private-only")));
    const chatId = ctx.chat.id;
    const here = ctx.msg.message_id;
    const ids = new Set(store.pending(chatId));
    for (const id of store.recentDelivered(chatId)) ids.add(id);
    for (let id = Math.max(1, here - PANIC_REACH + 1); id <= here; id++) ids.add(id);
    const { refused } = await deleteInBatches(ctx.api, chatId, [...ids], logger);
    store.forget(chatId, false);
    const lines = [ctx.t("panic.done", { count: PANIC_REACH }), ctx.t("panic.not-deleted")];
    if (refused > 0) lines.push(ctx.t("panic.refused", { count: refused }));
    lines.push(ctx.t("panic.self-destruct"));
    const report = await ctx.reply(lines.join("\n\n"));
    store.schedule(chatId, report.message_id, now() + REPORT_LIFETIME_MS);
  });

  const composer = new Composer<RelayContext>();
  composer.callbackQuery(autoDeleteData.pattern, async (ctx) => {
    const action = autoDeleteData.decode(ctx.callbackQuery.data);
    if (!action) return void (await ctx.answerCallbackQuery(ctx.t("reading.stale-button")));
    if (!isOwnPrivateChat(ctx) || !ctx.chat)
      return void (await ctx.answerCallbackQuery(ctx.t("autodelete.private-only")));
    if (action.kind === "menu") {
      await ctx.answerCallbackQuery();
      return showMenu(ctx);
    }
    store.setDelay(ctx.chat.id, action.delaySeconds);
    const view = autoDeleteView(ctx.t, store.delayOf(ctx.chat.id));
    await ctx.answerCallbackQuery(ctx.t("subscriptions.saved"));
    await ctx.editMessageText(view.text, { reply_markup: view.reply_markup });
  });

  /** Records what a reader sends in a private chat where auto-delete is on. */
  const recordIncoming: MiddlewareFn<RelayContext> = (ctx, next) => {
    const m = ctx.message;
    if (m && ctx.chat?.type === "private") store.recordIfOn(ctx.chat.id, [m.message_id]);
    return next();
  };

  /** Records every message Relay sends to a private chat where auto-delete is on. */
  const recordSent: Transformer = async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    const chatId = (payload as { chat_id?: unknown }).chat_id;
    if (res.ok && SENDS.has(method) && typeof chatId === "number" && chatId > 0) {
      const result = res.result as unknown;
      const sent = (Array.isArray(result) ? result : [result]) as Array<{ message_id?: number }>;
      store.recordIfOn(
        chatId,
        sent.map((m) => m.message_id).filter((id): id is number => typeof id === "number"),
      );
    }
    return res;
  };

  const feature: Feature = { commands: [panic], composer };
  return { feature, recordIncoming, recordSent };
}
