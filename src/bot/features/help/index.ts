import type { Command } from "@grammyjs/commands";
import { Composer } from "grammy";
import { relayCommand } from "../../commands.js";
import type { RelayContext } from "../../context.js";
import type { Feature } from "../../feature.js";
import type { Translator } from "../../i18n.js";

/**
 * /help: every public command, one line each, in the reader's language. An operator's (and only an
 * operator's) also lists the operator commands, which are otherwise found only in their menu.
 */
export function help(
  translator: Translator,
  publicCommands: () => Command<RelayContext>[],
  operatorCommands: () => Command<RelayContext>[] = () => [],
  isOperator: (ctx: RelayContext) => boolean = () => false,
): Feature {
  const line = (ctx: RelayContext, c: Command<RelayContext>) =>
    `/${c.stringName} — ${ctx.t(`commands.${c.stringName}`)}`;
  const command = relayCommand("help", translator, async (ctx) => {
    const lines = [ctx.t("help.intro"), ""];
    for (const c of publicCommands()) lines.push(line(ctx, c));
    lines.push("", ctx.t("help.questions"));
    if (isOperator(ctx))
      lines.push("", ctx.t("help.operators"), ...operatorCommands().map((c) => line(ctx, c)));
    await ctx.reply(lines.join("\n"));
  });
  return { commands: [command], composer: new Composer<RelayContext>() };
}
