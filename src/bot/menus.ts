import type { CommandGroup } from "@grammyjs/commands";
import type { Api } from "grammy";
import type { BotCommand, BotCommandScope } from "grammy/types";
import { LANGS, type Lang } from "../core/article/model.js";
import type { Logger } from "../logger.js";
import type { RelayContext } from "./context.js";
import type { Translator } from "./i18n.js";

interface MenuTarget {
  scope: BotCommandScope;
  language_code?: Lang;
  commands: BotCommand[];
}

function commandsFor(group: CommandGroup<RelayContext>, lang: Lang | undefined): BotCommand[] {
  const language = lang ?? "default";
  const own = group.toElementals(language);
  const fallback = group.toElementals("default");
  // toElementals returns a localized entry per language; keep one per command name.
  const byName = new Map<string, BotCommand>();
  for (const c of [...fallback, ...own])
    byName.set(c.command, { command: c.command, description: c.description });
  return [...byName.values()];
}

/** Every menu Relay wants: the public one by default and per language; operators' own chat scope adds theirs. */
export function desiredMenus(
  publicCommands: CommandGroup<RelayContext>,
  operatorCommands: CommandGroup<RelayContext>,
  operatorIds: number[],
): MenuTarget[] {
  const targets: MenuTarget[] = [];
  for (const lang of [undefined, ...LANGS]) {
    const pub = commandsFor(publicCommands, lang);
    targets.push({ scope: { type: "default" }, language_code: lang, commands: pub });
    if (operatorCommands.commands.length === 0) continue;
    const ops = [...pub, ...commandsFor(operatorCommands, lang)];
    for (const id of operatorIds)
      targets.push({ scope: { type: "chat", chat_id: id }, language_code: lang, commands: ops });
  }
  return targets;
}

const same = (a: BotCommand[], b: BotCommand[]) =>
  a.length === b.length &&
  a.every((c, i) => c.command === b[i]?.command && c.description === b[i]?.description);

/**
 * Sets menus, descriptions and short descriptions, asking first and changing only what differs.
 * Runs in the background after polling started: each failure is logged (an operator who never
 * opened the bot has no chat yet), never fatal, and does not stop the other menus.
 */
export async function syncMenus(
  api: Api,
  targets: MenuTarget[],
  translator: Translator,
  logger: Logger,
): Promise<{ changed: number; failed: number }> {
  let changed = 0;
  let failed = 0;
  const attempt = async (what: string, step: () => Promise<boolean>) => {
    try {
      if (await step()) changed++;
    } catch (err) {
      failed++;
      logger.warn({ err, what }, "could not set a menu; will try again at next start");
    }
  };
  for (const { scope, language_code, commands } of targets) {
    await attempt(`commands:${scope.type}:${language_code ?? "default"}`, async () => {
      if (same(await api.getMyCommands({ scope, language_code }), commands)) return false;
      return api.setMyCommands(commands, { scope, language_code });
    });
  }
  for (const lang of [undefined, ...LANGS]) {
    const t = translator.t(lang ?? "en");
    const description = t("bot.description");
    const short = t("bot.short-description");
    await attempt(`description:${lang ?? "default"}`, async () => {
      if ((await api.getMyDescription({ language_code: lang })).description === description) return false;
      return api.setMyDescription(description, { language_code: lang });
    });
    await attempt(`short-description:${lang ?? "default"}`, async () => {
      if ((await api.getMyShortDescription({ language_code: lang })).short_description === short)
        return false;
      return api.setMyShortDescription(short, { language_code: lang });
    });
  }
  logger.info({ changed, failed }, "menus synced");
  return { changed, failed };
}
