import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLibrary } from "../../core/article/library.js";
import { loadArticle } from "../../core/article/load.js";
import { createSearchIndex } from "../../db/search-index.js";
import { createTranslator } from "../i18n.js";
import { createResultsCache, renderResults } from "./search-results.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const library = createLibrary(loadArticle(join(ROOT, "data")));
const index = createSearchIndex(library.article);
const t = createTranslator(join(ROOT, "locales")).t("en");

describe("results pages from the cache", () => {
  it("are what an uncached search renders, with the header from the reader's own query", () => {
    const cache = createResultsCache();
    const plain = renderResults(t, library, index, "gas prices", "en");
    const first = renderResults(t, library, index, "gas prices", "en", 0, cache);
    const again = renderResults(t, library, index, "gas prices", "en", 0, cache);
    expect(plain).toBeDefined();
    expect(JSON.stringify(first)).toBe(JSON.stringify(plain));
    expect(JSON.stringify(again)).toBe(JSON.stringify(plain));
    expect(again?.options.reply_markup).toBe(first?.options.reply_markup);
    expect(renderResults(t, library, index, "gas prices", "en", 5, cache)?.text).not.toBe(first?.text);
  });

  it("keep the body only: the header line repeating the query is not in the cache", () => {
    const cache = createResultsCache();
    const query = "PRICES   of GAS";
    const m = renderResults(t, library, index, query, "en", 0, cache);
    expect(m?.text.split("\n")[0]).toContain("PRICES   of GAS");
    const body = cache.get(["en", 0, query], () => {
      throw new Error("not cached");
    });
    expect(body?.text).toBeDefined();
    expect(m?.text.endsWith(body?.text as string)).toBe(true);
    expect(body?.text).not.toContain(query);
    expect(cache.size).toBe(1);
  });
});
