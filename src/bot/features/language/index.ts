import { Composer, InlineKeyboard } from "grammy";
import { isLang, LANGS, type Lang } from "../../../core/article/model.js";
import { relayCommand } from "../../commands.js";
import type { RelayContext } from "../../context.js";
import type { Feature } from "../../feature.js";
import type { Translator } from "../../i18n.js";
import { LANGUAGE_NAMES } from "../../render/languages.js";

/** "lang:ru" */
export const langData = {
  pattern: /^lang:([a-z]{2})$/,
  encode: (lang: Lang) => `lang:${lang}`,
  decode: (data: string): Lang | undefined => {
    const code = langData.pattern.exec(data)?.[1];
    return isLang(code) ? code : undefined;
  },
};

/** /lang with buttons, or /lang ru directly. Writes the one saved choice every feature reads. */
export function language(translator: Translator): Feature {
  const command = relayCommand("lang", translator, async (ctx) => {
    const arg = ctx.match.trim().toLowerCase();
    if (!arg) {
      const kb = new InlineKeyboard();
      for (const lang of LANGS)
        kb.text(
          lang === ctx.lang ? `• ${LANGUAGE_NAMES[lang]} •` : LANGUAGE_NAMES[lang],
          langData.encode(lang),
        );
      return void (await ctx.reply(ctx.t("language.choose"), { reply_markup: kb }));
    }
    if (!isLang(arg)) return void (await ctx.reply(ctx.t("language.unknown")));
    ctx.setLanguage(arg);
    await ctx.reply(ctx.t("language.set"));
  });

  const composer = new Composer<RelayContext>();
  composer.callbackQuery(langData.pattern, async (ctx) => {
    const lang = langData.decode(ctx.callbackQuery.data);
    if (!lang) return void (await ctx.answerCallbackQuery(ctx.t("reading.stale-button")));
    ctx.setLanguage(lang);
    await ctx.answerCallbackQuery(ctx.t("language.set"));
    await ctx.editMessageText(ctx.t("language.set"));
  });
  return { commands: [command], composer };
}
