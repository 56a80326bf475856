import type { Lang } from "./article/model.js";

// Readers of these interfaces most likely read Russian better than English or French.
const RUSSIAN_READERS = new Set(["ru", "uk", "be", "kk", "ky", "tg"]);

/**
 * The one rule for a person's language: their saved choice, else Telegram's language_code
 * (fr → French; ru, uk, be, kk, ky, tg → Russian; anything else → English), else the default.
 */
export function resolveLanguage(
  saved: Lang | undefined,
  languageCode: string | undefined,
  fallback: Lang,
): Lang {
  if (saved) return saved;
  const primary = languageCode?.trim().toLowerCase().split(/[-_]/)[0];
  if (!primary) return fallback;
  if (primary === "fr") return "fr";
  if (RUSSIAN_READERS.has(primary)) return "ru";
  return "en";
}

/**
 * The language of a subscriber's copies, by the same rule: a person's saved choice (the preference
 * /lang and /settings write), else the language they subscribed in. A group has no person's choice:
 * its subscription's language. The database applies this very function (db/language-rule.ts).
 */
export function subscriberLanguage(subscription: Lang, isGroup: boolean, saved: Lang | undefined): Lang {
  return resolveLanguage(isGroup ? undefined : saved, undefined, subscription);
}
