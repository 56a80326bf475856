import { Composer } from "grammy";
import { relayCommand } from "../../commands.js";
import type { RelayContext } from "../../context.js";
import type { Feature } from "../../feature.js";
import type { Translate, Translator } from "../../i18n.js";
import { bold, escapeHtml } from "../../render/html.js";

/** Every item Relay can store, in the order /privacy and the README's table list them. */
const STORED = [
  "language",
  "autodelete",
  "subscription",
  "deliveries",
  "groups",
  "operators",
  "updates",
] as const;

/** The /privacy text: what is stored, why, until when, and the limits of every protection. */
export function privacyMessage(t: Translate): string {
  const e = (key: string) => escapeHtml(t(key));
  return [
    bold(e("privacy.title")),
    e("privacy.nothing-by-reading"),
    [bold(e("privacy.stored-title")), ...STORED.map((item) => `• ${e(`privacy.item-${item}`)}`)].join("\n"),
    [bold(e("privacy.how-title")), e("privacy.keys")].join("\n"),
    e("privacy.logs"),
    e("privacy.e2e"),
    e("privacy.protect"),
    e("privacy.rights"),
  ].join("\n\n");
}

/** /privacy: what Relay stores, why, until when — Telegram requires bots to answer it. */
export function privacy(translator: Translator): Feature {
  const command = relayCommand("privacy", translator, async (ctx) => {
    await ctx.reply(privacyMessage(ctx.t), { parse_mode: "HTML" });
  });
  return { commands: [command], composer: new Composer<RelayContext>() };
}
