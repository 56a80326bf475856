import { Command } from "@grammyjs/commands";
import type { CommandContext, Middleware } from "grammy";
import { LANGS } from "../core/article/model.js";
import type { RelayContext } from "./context.js";
import type { Translator } from "./i18n.js";

/**
 * A command with its menu description in every language (locales: commands.<name>); English is the
 * default. Matched whatever its letter case.
 */
export function relayCommand(
  name: string,
  translator: Translator,
  handler: Middleware<CommandContext<RelayContext>>,
): Command<RelayContext> {
  // Telegram's apps send commands as typed: "/SECTION 2" or "/Note 1" (a phone's auto-capital) mean the same.
  const command = new Command<RelayContext>(name, translator.t("en")(`commands.${name}`), handler, {
    ignoreCase: true,
  });
  for (const lang of LANGS) command.localize(lang, name, translator.t(lang)(`commands.${name}`));
  return command;
}
