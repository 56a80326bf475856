import { createHmac, randomBytes } from "node:crypto";

/**
 * Answers to repeated queries (a crowd asks the same few things), kept for speed under issue 15's
 * three conditions: bounded (least recently used out first), expiring (`ttlMs`, minutes at most), and
 * keyed by the normalised query's keyed hash, so the cache holds no text anyone typed. The hash key is
 * random per process: nothing links a key to a query once the process is gone. Keep in values only
 * what comes from the article and the locales, never the query itself.
 */
export interface AnswerCache<V> {
  /** The answer under `parts` (the normalised query and what else it depends on), computed on a miss. */
  get(parts: readonly (string | number)[], compute: () => V): V;
  readonly size: number;
  /** The stored keys (hashes), for tests. */
  keys(): IterableIterator<string>;
}

export interface AnswerCacheOptions {
  /** Entries kept at most. */
  max: number;
  /** How long an answer is served after it was computed, ms. */
  ttlMs: number;
  now?: () => number;
}

const SEPARATOR = "\u0000";

export function createAnswerCache<V>(options: AnswerCacheOptions): AnswerCache<V> {
  const { max, ttlMs } = options;
  const now = options.now ?? Date.now;
  const secret = randomBytes(32);
  // A Map iterates in insertion order: re-inserting on a hit makes its first key the least recently used.
  const entries = new Map<string, { value: V; expires: number }>();
  // Expired answers leave on a timer too, not only when the cache fills: a quiet bot keeps none for days.
  const sweep = () => {
    const t = now();
    for (const [k, e] of entries) if (e.expires <= t) entries.delete(k);
  };
  setInterval(sweep, ttlMs).unref();
  return {
    get(parts, compute) {
      const key = createHmac("sha256", secret).update(parts.join(SEPARATOR)).digest("base64url");
      const t = now();
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        if (hit.expires > t) {
          entries.set(key, hit);
          return hit.value;
        }
      }
      const value = compute();
      entries.set(key, { value, expires: t + ttlMs });
      if (entries.size > max) {
        // Expired entries first, then the least recently used.
        for (const [k, e] of entries) if (e.expires <= t) entries.delete(k);
        for (const k of entries.keys()) {
          if (entries.size <= max) break;
          entries.delete(k);
        }
      }
      return value;
    },
    get size() {
      return entries.size;
    },
    keys: () => entries.keys(),
  };
}
