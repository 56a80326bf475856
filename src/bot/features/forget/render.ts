import { InlineKeyboard } from "grammy";
import type { Forgotten } from "../../../db/personal-data.js";
import { forgetData } from "../../callback-data/forget-data.js";
import type { Translate } from "../../i18n.js";
import { bold, escapeHtml } from "../../render/html.js";

export interface Rendered {
  text: string;
  reply_markup?: InlineKeyboard;
}

/** The question before anything is deleted, with its two buttons. */
export function confirmMessage(t: Translate): Rendered {
  return {
    text: [bold(escapeHtml(t("forget.confirm-title"))), escapeHtml(t("forget.confirm-body"))].join("\n\n"),
    reply_markup: new InlineKeyboard()
      .text(t("forget.confirm-button"), forgetData.encode("yes"))
      .text(t("forget.cancel-button"), forgetData.encode("no")),
  };
}

/** What was deleted, what could not be, and how to delete the chat itself. */
export function doneMessage(t: Translate, f: Forgotten, removed: number, failedToRemove: boolean): string {
  const items: string[] = [];
  if (f.language) items.push(t("forget.done-language"));
  if (f.autoDelete) items.push(t("forget.done-autodelete"));
  if (f.subscription) items.push(t("forget.done-subscription"));
  if (f.deliveries > 0) items.push(t("forget.done-deliveries", { count: f.deliveries }));
  if (f.conversation) items.push(t("forget.done-conversation"));
  if (f.progressMessages > 0) items.push(t("forget.done-progress", { count: f.progressMessages }));
  if (removed > 0) items.push(t("forget.done-messages", { count: removed }));

  const parts = [bold(escapeHtml(t("forget.done-title")))];
  parts.push(
    items.length > 0
      ? [escapeHtml(t("forget.done-list")), ...items.map((i) => `• ${escapeHtml(i)}`)].join("\n")
      : escapeHtml(t("forget.done-nothing")),
  );
  if (failedToRemove) parts.push(escapeHtml(t("forget.messages-not-removed")));
  parts.push(
    escapeHtml(t("forget.other-replies")),
    escapeHtml(t("forget.delete-chat")),
    escapeHtml(t("forget.again")),
  );
  return parts.join("\n\n");
}
