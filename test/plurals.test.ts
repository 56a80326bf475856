import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createTranslator } from "../src/bot/i18n.js";
import { LANGS, type Lang } from "../src/core/article/model.js";

type Tree = { [key: string]: string | Tree };
const translator = createTranslator(new URL("../locales", import.meta.url).pathname);
const load = (lang: Lang) =>
  JSON.parse(readFileSync(new URL(`../locales/${lang}.json`, import.meta.url), "utf8")) as Tree;

/** Every key, plural suffixes folded into the base key i18next is asked for. */
function baseKeys(tree: Tree, prefix = ""): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v !== "string") {
      for (const [kk, vv] of baseKeys(v, key)) out.set(kk, vv);
      continue;
    }
    const base = key.replace(/_(zero|one|two|few|many|other)$/, "");
    out.set(base, [...(out.get(base) ?? []), v]);
  }
  return out;
}

/** Keys that show a count: a plural key, or a text with a numeric placeholder. */
const counted = (texts: string[]) => texts.some((t) => /\{\{\s*\w+\s*\}\}|\$t\(/.test(t));

/** Placeholders that carry words, not a number (a title, a language, a hash, an already counted "72 hours"). */
const WORDS = new Set(["title", "inLanguage", "hash", "hours", "delay", "language", "phrase"]);

// "1 subscribers", "1 messages", "pour 1 destinataires": a 1 before a plural noun.
const ONE_PLURAL: Record<Lang, RegExp | undefined> = {
  en: /(?<![\d.,/#])\b1 (?!of\b)[a-z]+s\b/,
  fr: /(?<![\d.,/#])\b1 (?!(?:sur|sous)(?!\p{L}))\p{L}+[sx](?!\p{L})/u,
  ru: undefined,
};

// Russian: 21 takes the singular, 5 the genitive plural, 2 the genitive singular.
const RU_FORMS: [number, RegExp][] = [
  [21, /21 (?:подписчиков|получателей|сообщений|новостей|записей|страниц\b|байт(?:ов|а)\b)/],
  [5, /\b5 (?:подписчик(?:а|\b)|получател[ья]\b|сообщени[ея]\b|страниц[аы]\b)/],
  // "из последних 2 сообщений" (of the last 2 messages) rightly takes the genitive plural.
  [2, /(?<!последних )\b2 (?:подписчиков|получателей|сообщений|страниц\b)/],
];

describe("every counted string in every language", () => {
  for (const lang of LANGS) {
    const t = translator.t(lang);
    const keys = [...baseKeys(load(lang))].filter(([, texts]) => counted(texts));
    it.each([1, 2, 5, 21])(`${lang}: renders with %i and reads right`, (n) => {
      const wrong: string[] = [];
      for (const [key, texts] of keys) {
        const vars = Object.fromEntries(
          texts.flatMap((s) =>
            [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => [
              m[1] as string,
              WORDS.has(m[1] as string) ? "X" : n,
            ]),
          ),
        );
        const text = t(key, { ...vars, count: n }) as string;
        expect(text, `${lang} ${key}`).not.toMatch(/\{\{|\$t\(|undefined/);
        const one = ONE_PLURAL[lang];
        if (n === 1 && one?.test(text)) wrong.push(`${key}: ${text}`);
        for (const [m, form] of lang === "ru" ? RU_FORMS : [])
          if (m === n && form.test(text)) wrong.push(`${key}: ${text}`);
      }
      expect(wrong).toEqual([]);
    });
  }
});
