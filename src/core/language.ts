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
 * The language of a subscriber's copies: the subscription's own, chosen when subscribing and changed
 * with /settings (or, for a person's own subscription, with /lang). A reading preference never decides
 * it: /settings stores none, and an unused preference expires while the subscription goes on (issue 15
 * point 2). `saved` is ignored: the SQL that applies this rule (db/language-rule.ts) passes NULL rather
 * than look up every subscriber's preference.
 */
export function subscriberLanguage(subscription: Lang, _isGroup: boolean, _saved: Lang | undefined): Lang {
  return subscription;
}
