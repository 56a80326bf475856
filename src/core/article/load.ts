import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Article, Edition, Lang } from "./model.js";
import { LANGS } from "./model.js";
import { ArticleFormatError, parseEdition } from "./parse.js";

/** Reads data/article.{fr,en,ru}.md (French required, others when present) and checks they align. */
export function loadArticle(dataDir: string): Article {
  const editions: Partial<Record<Lang, Edition>> = {};
  for (const lang of LANGS) {
    const file = join(dataDir, `article.${lang}.md`);
    if (!existsSync(file)) continue;
    const edition = parseEdition(readFileSync(file, "utf8"), file);
    if (edition.lang !== lang)
      throw new ArticleFormatError(`${file}:2: lang is ${edition.lang}, expected ${lang}`);
    editions[lang] = edition;
  }
  const fr = editions.fr;
  if (!fr) throw new ArticleFormatError(`${join(dataDir, "article.fr.md")}: the French edition is missing`);
  for (const lang of LANGS) {
    const edition = editions[lang];
    if (edition && edition !== fr) assertAligned(fr, edition, join(dataDir, `article.${lang}.md`));
  }
  return { editions: { ...editions, fr }, available: LANGS.filter((l) => editions[l]) };
}

/** Editions must share sections, paragraph ids and citations, or the language switch would lose the reader. */
export function assertAligned(reference: Edition, other: Edition, file: string): void {
  const fail = (what: string): never => {
    throw new ArticleFormatError(`${file}: not aligned with the French edition: ${what}`);
  };
  if (other.sections.length !== reference.sections.length)
    fail(`${other.sections.length} sections instead of ${reference.sections.length}`);
  reference.sections.forEach((section, s) => {
    const mine = other.sections[s] ?? fail(`section s${s + 1} missing`);
    if (Boolean(mine.title) !== Boolean(section.title)) fail(`section s${s + 1} title presence differs`);
    if (mine.paragraphs.length !== section.paragraphs.length)
      fail(
        `section s${s + 1} has ${mine.paragraphs.length} paragraphs instead of ${section.paragraphs.length}`,
      );
    section.paragraphs.forEach((p, k) => {
      const q = mine.paragraphs[k] as (typeof mine.paragraphs)[number];
      if (q.kind !== p.kind) fail(`s${s + 1}p${k + 1} is ${q.kind}, expected ${p.kind}`);
      if (q.notes.join() !== p.notes.join())
        fail(`s${s + 1}p${k + 1} cites [${q.notes}] instead of [${p.notes}]`);
    });
  });
  if (other.notes.length !== reference.notes.length)
    fail(`${other.notes.length} footnotes instead of ${reference.notes.length}`);
}
