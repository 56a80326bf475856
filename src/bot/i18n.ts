import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { MiddlewareFn } from "grammy";
import type { User } from "grammy/types";
import i18next, { type TFunction } from "i18next";
import { LANGS, type Lang } from "../core/article/model.js";
import { resolveLanguage } from "../core/language.js";
import type { Preferences } from "../db/preferences.js";
import type { RelayContext } from "./context.js";

export type Translate = TFunction;

/** Loads locales/{fr,en,ru}.json into one i18next instance (synchronously: start-up must not wait). */
export function createTranslator(localesDir: string) {
  const resources = Object.fromEntries(
    LANGS.map((lang) => [
      lang,
      { translation: JSON.parse(readFileSync(join(localesDir, `${lang}.json`), "utf8")) as object },
    ]),
  );
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    initAsync: false,
    fallbackLng: false,
    returnNull: false,
    interpolation: { escapeValue: false },
  });
  const fixed = new Map(LANGS.map((lang) => [lang, instance.getFixedT(lang)]));
  return { t: (lang: Lang): Translate => fixed.get(lang) as Translate };
}

export type Translator = ReturnType<typeof createTranslator>;

/** A person's language by the one rule: their /lang choice, else Telegram's language_code, else the default. */
export function languageOf(
  prefs: Pick<Preferences, "language">,
  defaultLanguage: Lang,
): (user: User | undefined) => Lang {
  return (user) =>
    resolveLanguage(user ? prefs.language(user.id) : undefined, user?.language_code, defaultLanguage);
}

/**
 * Sets ctx.lang and ctx.t for every update from the one language rule, and ctx.setLanguage to change it.
 * Installed again inside conversations, where plugins do not carry over.
 */
export function i18nMiddleware(
  translator: Translator,
  prefs: Pick<Preferences, "language" | "setLanguage">,
  defaultLanguage: Lang,
): MiddlewareFn<RelayContext> {
  const resolve = languageOf(prefs, defaultLanguage);
  return (ctx, next) => {
    const user = ctx.from;
    const apply = (lang: Lang) => {
      ctx.lang = lang;
      ctx.t = translator.t(lang);
    };
    apply(resolve(user));
    ctx.setLanguage = (lang: Lang) => {
      if (user) prefs.setLanguage(user.id, lang);
      apply(lang);
    };
    return next();
  };
}
