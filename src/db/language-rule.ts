import type Database from "better-sqlite3";
import { isLang } from "../core/article/model.js";
import { subscriberLanguage } from "../core/language.js";

/**
 * Makes core's language rule callable from SQL as subscriber_lang(s.lang, s.is_group, preference), so
 * a fan-out of a million rows stays one INSERT … SELECT and the rule still lives in one place.
 */
export function registerLanguageRule(db: Database.Database): void {
  db.function("subscriber_lang", { deterministic: true }, (subscription, isGroup, saved) => {
    if (!isLang(subscription)) return subscription; // the CHECK on the target column refuses it
    return subscriberLanguage(subscription, isGroup === 1, isLang(saved) ? saved : undefined);
  });
}
