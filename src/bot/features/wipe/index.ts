import { Composer } from "grammy";
import { LANGS } from "../../../core/article/model.js";
import { relayCommand } from "../../commands.js";
import type { RelayContext } from "../../context.js";
import type { Feature } from "../../feature.js";
import type { Translator } from "../../i18n.js";

/**
 * /wipe, for operators: `/wipe` alone says what it does and which phrase confirms it; `/wipe PHRASE`
 * (the phrase of any of the three languages, typed exactly) deletes every row, truncates the WAL,
 * vacuums, deletes local backups, removes the webhook and stops the process (app.ts). Audited and
 * logged nowhere: afterwards there is nothing left to audit. Mounted behind the operator filter
 * (create-bot.ts), like every operator command.
 */
export function wipe(translator: Translator, run: () => Promise<void>): Feature {
  const phrases = new Set(LANGS.map((l) => translator.t(l)("wipe.phrase")));
  const command = relayCommand("wipe", translator, async (ctx: RelayContext) => {
    const typed = String(ctx.match ?? "").trim();
    if (!phrases.has(typed)) {
      const key = typed === "" ? "wipe.confirm" : "wipe.wrong-phrase";
      return void (await ctx.reply(ctx.t(key, { phrase: ctx.t("wipe.phrase") })));
    }
    const t = ctx.t;
    await run();
    await ctx.reply(t("wipe.done"));
  });
  return { operatorCommands: [command], composer: new Composer<RelayContext>() };
}
