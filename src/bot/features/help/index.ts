import type { Command } from "@grammyjs/commands";
import { Composer } from "grammy";
import { relayCommand } from "../../commands.js";
import type { RelayContext } from "../../context.js";
import type { Feature } from "../../feature.js";
import type { Translator } from "../../i18n.js";

/** /help: every public command, one line each, in the reader's language. Operator commands never appear. */
export function help(translator: Translator, publicCommands: () => Command<RelayContext>[]): Feature {
  const command = relayCommand("help", translator, async (ctx) => {
    const lines = [ctx.t("help.intro"), ""];
    for (const c of publicCommands()) lines.push(`/${c.stringName} — ${ctx.t(`commands.${c.stringName}`)}`);
    lines.push("", ctx.t("help.questions"));
    await ctx.reply(lines.join("\n"));
  });
  return { commands: [command], composer: new Composer<RelayContext>() };
}
