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
  for (const c of [...fallback, ...own]) byName.set(c.command, { command: c.command, description: c.description });
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
    for (const id of operatorIds) targets.push({ scope: { type: "chat", chat_id: id }, language_code: lang, commands: ops });
  }
  return targets;
}

const same = (a: BotCommand[], b: BotCommand[]) =>
  a.length === b.length && a.every((c, i) => c.command === b[i]?.command && c.description === b[i]?.description);

/**
 * Sets menus, descriptions and short descriptions, asking first and changing only what differs.
 * Runs in the background after polling started: a failure is logged, never fatal.
 */
export async function syncMenus(
  api: Api,
  targets: MenuTarget[],
  translator: Translator,
  logger: Logger,
): Promise<{ changed: number }> {
  let changed = 0;
  try {
    for (const target of targets) {
      const { scope, language_code, commands } = target;
      const current = await api.getMyCommands({ scope, language_code });
      if (same(current, commands)) continue;
      await api.setMyCommands(commands, { scope, language_code });
      changed++;
    }
    for (const lang of [undefined, ...LANGS]) {
      const t = translator.t(lang ?? "en");
      const description = t("bot.description");
      const short = t("bot.short-description");
      if ((await api.getMyDescription({ language_code: lang })).description !== description) {
        await api.setMyDescription(description, { language_code: lang });
        changed++;
      }
      if ((await api.getMyShortDescription({ language_code: lang })).short_description !== short) {
        await api.setMyShortDescription(short, { language_code: lang });
        changed++;
      }
    }
    logger.info({ changed }, "menus in sync");
  } catch (err) {
    logger.warn({ err }, "could not set menus; will try again at next start");
  }
  return { changed };
}
