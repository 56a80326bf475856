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

/** Room for one message's HTML: Telegram counts 4096 characters of the parsed text, tags never count. */
const MESSAGE_BUDGET = 4_000;

/** The /privacy text as few messages as Telegram's limit allows, each ending on a whole block. */
export function privacyMessages(t: Translate, facts: PrivacyFacts = DEFAULT_PRIVACY_FACTS): string[] {
  const messages: string[] = [];
  for (const block of privacyMessage(t, facts).split("\n\n")) {
    const last = messages.at(-1);
    if (last !== undefined && last.length + 2 + block.length <= MESSAGE_BUDGET)
      messages[messages.length - 1] = `${last}\n\n${block}`;
    else messages.push(block);
  }
  return messages;
}

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
    for (const text of privacyMessages(ctx.t, facts)) await ctx.reply(text, { parse_mode: "HTML" });
  });
  return { commands: [command], composer: new Composer<RelayContext>() };
}
