import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LANGS, type Lang } from "../src/core/article/model.js";

type Tree = { [key: string]: string | Tree };
const load = (lang: Lang) =>
  JSON.parse(readFileSync(new URL(`../locales/${lang}.json`, import.meta.url), "utf8")) as Tree;

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const variables = (s: string) => [...s.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]).sort();

function shape(lang: Lang) {
  const flat = flatten(load(lang));
  const keys = new Map<string, { categories: string[]; vars: Set<string> }>();
  for (const [key, value] of flat) {
    const base = key.replace(PLURAL, "");
    const entry = keys.get(base) ?? { categories: [], vars: new Set<string>() };
    const cat = PLURAL.exec(key)?.[1];
    if (cat) entry.categories.push(cat);
    for (const v of variables(value)) entry.vars.add(v as string);
    keys.set(base, entry);
  }
  return keys;
}

describe("locales", () => {
  const shapes = Object.fromEntries(LANGS.map((l) => [l, shape(l)])) as Record<
    Lang,
    ReturnType<typeof shape>
  >;

  it.each(LANGS)("%s has the same keys as the others once plural suffixes are stripped", (lang) => {
    expect([...shapes[lang].keys()].sort()).toEqual([...shapes.en.keys()].sort());
  });

  it.each(LANGS)("%s gives every plural key exactly the CLDR categories of its language", (lang) => {
    const expected = new Intl.PluralRules(lang).resolvedOptions().pluralCategories.slice().sort();
    let plurals = 0;
    for (const [key, entry] of shapes[lang]) {
      if (entry.categories.length === 0) continue;
      plurals++;
      expect(entry.categories.slice().sort(), key).toEqual(expected);
    }
    expect(plurals).toBeGreaterThan(0);
  });

  it.each(LANGS)("%s uses the same interpolation variables as English in every key", (lang) => {
    for (const [key, entry] of shapes.en) {
      expect([...(shapes[lang].get(key)?.vars ?? [])].sort(), key).toEqual([...entry.vars].sort());
    }
  });
});
