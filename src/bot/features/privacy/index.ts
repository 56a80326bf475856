import { Composer } from "grammy";
import { relayCommand } from "../../commands.js";
import type { RelayContext } from "../../context.js";
import type { Feature } from "../../feature.js";
import type { Translator } from "../../i18n.js";
import { bold, escapeHtml } from "../../render/html.js";

/** /privacy: what Relay stores, why, until when — Telegram requires bots to answer it. */
export function privacy(translator: Translator): Feature {
  const command = relayCommand("privacy", translator, async (ctx) => {
    const text = [bold(escapeHtml(ctx.t("privacy.title"))), escapeHtml(ctx.t("privacy.body")), escapeHtml(ctx.t("privacy.e2e"))];
    await ctx.reply(text.join("\n\n"), { parse_mode: "HTML" });
  });
  return { commands: [command], composer: new Composer<RelayContext>() };
}
