import { join } from "node:path";
import { getHeapSnapshot, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { loadArticle } from "../../src/core/article/load.js";
import type { Article, Lang } from "../../src/core/article/model.js";
import { locateExcerpt } from "../../src/core/search/locate.js";
import { answerQuestion } from "../../src/core/search/questions.js";
import type { SearchIndex } from "../../src/core/search/terms.js";
import { freezeSearchVocabulary } from "../../src/core/search/vocabulary.js";
import { createSearchIndex } from "../../src/db/search-index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

// Built at run time so that the test's own source holds no string that starts with them.
const LATIN = String.fromCharCode(113, 122, 120); // three letters no article word starts with
const CYRILLIC = String.fromCharCode(1097, 1098, 1101);
const LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz";
const CYRILLIC_LETTERS = "абвгдежзийклмнопрстуфхцчшщыэюя";

/** A seeded generator of distinct queries: 1–3 words, each a marker and 3–9 random letters. */
function* queries(count: number, seed: number): Generator<string> {
  let s = seed;
  const next = () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
  for (let i = 0; i < count; i++) {
    const n = 1 + Math.floor(next() * 3);
    const parts: string[] = [];
    for (let k = 0; k < n; k++) {
      const cyr = next() < 0.4;
      const letters = cyr ? CYRILLIC_LETTERS : LATIN_LETTERS;
      let w = cyr ? CYRILLIC : LATIN;
      const len = 3 + Math.floor(next() * 7);
      for (let j = 0; j < len; j++) w += letters[Math.floor(next() * letters.length)];
      parts.push(w);
    }
    yield `${parts.join(" ")} ${i.toString(36)}`;
  }
}

const LANGS: Lang[] = ["fr", "en", "ru"];

/** What an inline query and a question in a private chat make the search code do. */
function serve(article: Article, index: SearchIndex, count: number, seed: number) {
  let i = 0;
  for (const q of queries(count, seed)) {
    const lang = LANGS[i++ % 3] as Lang;
    index.search(q, lang, { limit: 20, prefix: true });
    answerQuestion(article, q, lang);
    locateExcerpt(article, `${q} ${q} ${q}`);
  }
  /x/.exec("neutral"); // RegExp's legacy statics would otherwise hold the last query
}

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Strings on the live heap with a word that begins with a marker and goes on: something typed (a query, one
 * of its words, a stem). A marker inside a word is chance: a random token of the process ("…Iqzxhu…").
 */
const TYPED = new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${LATIN}|${CYRILLIC})\\p{L}`, "u");
async function typedStringsOnHeap(): Promise<string[]> {
  let json = "";
  for await (const chunk of getHeapSnapshot()) json += chunk;
  const { strings } = JSON.parse(json) as { strings: string[] };
  return strings.filter((s) => TYPED.test(s));
}

describe("what readers type", () => {
  let article: Article;
  let index: SearchIndex;
  beforeAll(() => {
    article = loadArticle(join(import.meta.dirname, "../../data"));
    index = createSearchIndex(article);
    answerQuestion(article, "nadir", "en");
    locateExcerpt(article, "");
    freezeSearchVocabulary();
  });

  it("keeps the heap bounded over many distinct random queries", () => {
    serve(article, index, 2_000, 1); // warm the code paths
    const before = heapUsed();
    serve(article, index, 10_000, 2);
    const grown = heapUsed() - before;
    // Before the vocabulary was frozen: about 5 MB here (and unbounded for stems); after: about 0.1 MB.
    expect(grown).toBeLessThan(1024 * 1024);
  }, 180_000);

  it("leaves nothing typed in any cache once served", async () => {
    serve(article, index, 3_000, 3);
    expect(await typedStringsOnHeap()).toEqual([]);
  }, 120_000);
});
