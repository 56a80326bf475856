import Database from "better-sqlite3";
import { hostOf } from "../core/article/lead-in.js";
import { findParagraph } from "../core/article/lookup.js";
import type { Article, Lang } from "../core/article/model.js";
import { type CorpusDoc, corpusOf, type EditionCorpus } from "../core/search/corpus.js";
import { tokenize } from "../core/search/normalize.js";
import {
  queryTerms,
  type SearchHit,
  type SearchIndex,
  type SearchOptions,
  type SearchResults,
} from "../core/search/terms.js";

// A section's title is indexed with its first paragraph and counts this many times a body word.
const TITLE_WEIGHT = 3;
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 50;

/**
 * An in-memory FTS5 index of every paragraph of every edition. Rows hold the normalised words made
 * by core/search (one analysis for every feature), so FTS5's tokenizer only splits on spaces; a
 * query's stems become the words of the edition that have them (see corpus.ts for why stems are
 * matched at query time rather than stored).
 */
export function createSearchIndex(
  article: Article,
  corpora: Map<Lang, EditionCorpus> = corpusOf(article),
): SearchIndex {
  const db = new Database(":memory:");
  // remove_diacritics 0: words are already folded, and folding again would turn й into и.
  db.exec(`CREATE VIRTUAL TABLE passage USING fts5(title, body, tokenize = "unicode61 remove_diacritics 0")`);
  const insert = db.prepare<[number, string, string]>(
    "INSERT INTO passage (rowid, title, body) VALUES (?, ?, ?)",
  );

  const rows: { corpus: EditionCorpus; doc: CorpusDoc }[] = [];
  const ranges = new Map<Lang, { first: number; last: number }>();
  db.transaction(() => {
    for (const corpus of corpora.values()) {
      const first = rows.length + 1;
      for (const doc of joinLeadIns(corpus)) {
        rows.push({ corpus, doc });
        const join = (tokens: { word: string }[]) => tokens.map((t) => t.word).join(" ");
        insert.run(rows.length, join(doc.titleTokens), join(doc.tokens));
      }
      ranges.set(corpus.lang, { first, last: rows.length });
    }
  })();

  const page = db.prepare<[string, number, number, number, number], { rowid: number; rank: number }>(
    `SELECT rowid, bm25(passage, ${TITLE_WEIGHT}, 1) AS rank FROM passage
     WHERE passage MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rank, rowid LIMIT ? OFFSET ?`,
  );
  const count = db
    .prepare<[string, number, number], number>(
      "SELECT count(*) FROM passage WHERE passage MATCH ? AND rowid BETWEEN ? AND ?",
    )
    .pluck();

  function searchEdition(query: string, corpus: EditionCorpus, opts: SearchOptions): SearchResults {
    const range = ranges.get(corpus.lang);
    if (!range) return { total: 0, hits: [] };
    const terms = queryTerms(query, corpus.lang).map((stem) => ({ stem, words: corpus.wordsWithStem(stem) }));
    const words = new Set(terms.flatMap((t) => t.words));
    const last = opts.prefix ? tokenize(query).at(-1)?.word : undefined;
    if (words.size === 0 && !last) return { total: 0, hits: [] };
    const match = toMatchExpression([...words], last);
    const total = count.get(match, range.first, range.last) ?? 0;
    if (total === 0) return { total, hits: [] };
    const limit = Math.max(0, Math.min(Math.trunc(opts.limit ?? DEFAULT_LIMIT), MAX_LIMIT));
    const offset = Math.max(0, Math.trunc(opts.offset ?? 0));
    const hits = page.all(match, range.first, range.last, limit, offset).map((r): SearchHit => {
      const { doc } = rows[r.rowid - 1] as (typeof rows)[number];
      const ref = doc.ref as { section: number; paragraph: number };
      const found = terms.filter((t) => t.words.some((w) => doc.words.has(w))).map((t) => t.stem);
      // A prefix stands for the stems of the words it begins, so that excerpts can mark them.
      if (last) for (const w of doc.words) if (w.startsWith(last)) found.push(corpus.stem(w));
      return {
        lang: corpus.lang,
        section: ref.section,
        paragraph: ref.paragraph,
        score: -r.rank,
        terms: [...new Set(found)],
      };
    });
    return { total, hits };
  }

  return {
    search(query, lang, opts = {}) {
      // The reader's edition first; a query in another language (or a name spelt as there) falls
      // back to the other editions, whose paragraph ids are the same.
      const order = [lang, ...article.available.filter((l) => l !== lang)];
      for (const l of order) {
        const corpus = corpora.get(l);
        const results = corpus ? searchEdition(query, corpus, opts) : undefined;
        if (results && results.total > 0) return results;
      }
      return { total: 0, hits: [] };
    },
  };
}

/**
 * One document per paragraph, except that a lead-in ("From Anarchist Fighter:") and a tiny paragraph
 * are indexed as part of the paragraph they belong to (core/article/lead-in.ts), so neither is ever a
 * result on its own.
 */
function joinLeadIns(corpus: EditionCorpus): CorpusDoc[] {
  const byHost = new Map<string, CorpusDoc[]>();
  for (const doc of corpus.docs) {
    if (doc.ref.kind !== "paragraph") continue;
    const p = findParagraph(corpus.edition, doc.ref.section, doc.ref.paragraph);
    const host = p ? hostOf(corpus.edition, p) : undefined;
    const key = host ? `${host.section}:${host.index}` : `${doc.ref.section}:${doc.ref.paragraph}`;
    byHost.set(key, [...(byHost.get(key) ?? []), doc]);
  }
  return [...byHost].map(([key, docs]) => {
    const [section, paragraph] = key.split(":").map(Number) as [number, number];
    const own =
      docs.find((d) => d.ref.kind === "paragraph" && d.ref.paragraph === paragraph) ?? (docs[0] as CorpusDoc);
    if (docs.length === 1) return own;
    return {
      ref: { kind: "paragraph", section, paragraph },
      tokens: docs.flatMap((d) => d.tokens),
      titleTokens: docs.flatMap((d) => d.titleTokens),
      words: new Set(docs.flatMap((d) => [...d.words])),
    } as CorpusDoc;
  });
}

/** Every term quoted, so nothing a person types is read as FTS5 syntax (AND, NEAR(, *, -, "). */
function toMatchExpression(words: string[], prefix: string | undefined): string {
  const quote = (w: string) => `"${w.replaceAll('"', '""')}"`;
  const parts = words.map(quote);
  if (prefix) parts.push(`${quote(prefix)}*`);
  return parts.join(" OR ");
}
