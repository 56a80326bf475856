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
  "backups",
] as const;

/** The settings /privacy must state as configured: AUDIT_KEY_HOURS and BACKUP_KEEP. */
export interface PrivacyFacts {
  auditKeyHours: number;
  backupKeep: number;
}

export const DEFAULT_PRIVACY_FACTS: PrivacyFacts = { auditKeyHours: 48, backupKeep: 7 };

/** The /privacy text: what is stored, why, until when, and the limits of every protection. */
export function privacyMessage(t: Translate, facts: PrivacyFacts = DEFAULT_PRIVACY_FACTS): string {
  const e = (key: string, options?: Record<string, unknown>) => escapeHtml(t(key, options));
  const values = {
    hours: t("privacy.hours", { count: facts.auditKeyHours }),
    count: facts.backupKeep,
  };
  return [
    bold(e("privacy.title")),
    e("privacy.nothing-by-reading"),
    [bold(e("privacy.stored-title")), ...STORED.map((item) => `• ${e(`privacy.item-${item}`, values)}`)].join(
      "\n",
    ),
    [bold(e("privacy.how-title")), e("privacy.keys")].join("\n"),
    e("privacy.logs"),
    e("privacy.e2e"),
    e("privacy.protect"),
    e("privacy.download"),
    e("privacy.rights"),
  ].join("\n\n");
}

/** /privacy: what Relay stores, why, until when — Telegram requires bots to answer it. */
export function privacy(translator: Translator, facts: PrivacyFacts = DEFAULT_PRIVACY_FACTS): Feature {
  const command = relayCommand("privacy", translator, async (ctx) => {
    await ctx.reply(privacyMessage(ctx.t, facts), { parse_mode: "HTML" });
  });
  return { commands: [command], composer: new Composer<RelayContext>() };
}
