import { Composer, InlineKeyboard } from "grammy";
import { isLang, LANGS, type Lang } from "../../../core/article/model.js";
import type { Subscribers } from "../../../db/subscribers.js";
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

/**
 * /lang with buttons, or /lang ru directly: the only place a person's language choice is stored. In a
 * private chat with a subscription, the updates follow the choice too (the subscription's language,
 * which /settings can change apart).
 */
export function language(translator: Translator, subs?: Pick<Subscribers, "get" | "change">): Feature {
  const choose = (ctx: RelayContext, lang: Lang) => {
    ctx.setLanguage(lang);
    const chat = ctx.chat;
    if (subs && chat?.type === "private" && subs.get(chat.id)) subs.change(chat.id, { lang });
  };
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
    choose(ctx, arg);
    await ctx.reply(ctx.t("language.set"));
  });

  const composer = new Composer<RelayContext>();
  composer.callbackQuery(langData.pattern, async (ctx) => {
    const lang = langData.decode(ctx.callbackQuery.data);
    if (!lang) return void (await ctx.answerCallbackQuery(ctx.t("reading.stale-button")));
    choose(ctx, lang);
    await ctx.answerCallbackQuery(ctx.t("language.set"));
    await ctx.editMessageText(ctx.t("language.set"));
  });
  return { commands: [command], composer };
}
