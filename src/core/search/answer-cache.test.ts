import { afterEach, describe, expect, it, vi } from "vitest";
import { createAnswerCache } from "./answer-cache.js";

describe("answer cache", () => {
  it("computes once per key and serves the same answer until it expires", () => {
    let t = 0;
    let computed = 0;
    const cache = createAnswerCache<{ n: number }>({ max: 10, ttlMs: 60_000, now: () => t });
    const compute = () => ({ n: ++computed });
    const first = cache.get(["en", "gas prices"], compute);
    expect(cache.get(["en", "gas prices"], compute)).toBe(first);
    expect(cache.get(["fr", "gas prices"], compute)).not.toBe(first);
    expect(computed).toBe(2);
    t = 59_999;
    expect(cache.get(["en", "gas prices"], compute)).toBe(first);
    t = 60_000;
    const again = cache.get(["en", "gas prices"], compute);
    expect(again).not.toBe(first);
    expect(again.n).toBe(3);
  });

  it("stays within its bound, dropping the least recently used first", () => {
    const cache = createAnswerCache<number>({ max: 3, ttlMs: 60_000, now: () => 0 });
    let computed = 0;
    for (const q of ["a", "b", "c"]) cache.get([q], () => ++computed);
    cache.get(["a"], () => ++computed); // a is now the most recently used
    cache.get(["d"], () => ++computed); // b goes
    expect(cache.size).toBe(3);
    expect(computed).toBe(4);
    cache.get(["a"], () => ++computed);
    cache.get(["c"], () => ++computed);
    expect(computed).toBe(4);
    cache.get(["b"], () => ++computed);
    expect(computed).toBe(5);
    for (let i = 0; i < 10_000; i++) cache.get([`q${i}`], () => i);
    expect(cache.size).toBe(3);
  });

  it("drops expired entries before live ones when full", () => {
    let t = 0;
    const cache = createAnswerCache<string>({ max: 2, ttlMs: 1000, now: () => t });
    cache.get(["old"], () => "old");
    t = 900;
    cache.get(["live"], () => "live");
    t = 1500; // "old" expired, "live" not
    cache.get(["new"], () => "new");
    expect(cache.size).toBe(2);
    let recomputed = 0;
    const again = () => {
      recomputed++;
      return "again";
    };
    expect(cache.get(["live"], again)).toBe("live");
    expect(recomputed).toBe(0);
    expect(cache.get(["old"], again)).toBe("again");
  });

  it("keeps no text of the query, only a keyed hash of it", () => {
    const cache = createAnswerCache<number>({ max: 5, ttlMs: 60_000 });
    cache.get(["ru", "газ цены кто виноват"], () => 1);
    cache.get(["en", "who shot at Almaty"], () => 2);
    const keys = [...cache.keys()];
    expect(keys).toHaveLength(2);
    for (const k of keys) expect(k).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Another process (another secret) files the same query under another key.
    const other = createAnswerCache<number>({ max: 5, ttlMs: 60_000 });
    other.get(["en", "who shot at Almaty"], () => 2);
    expect(keys).not.toContain([...other.keys()][0]);
  });

  it("lets expired answers go on a timer, though nothing else is asked", () => {
    vi.useFakeTimers();
    let t = 0;
    const cache = createAnswerCache<number>({ max: 10, ttlMs: 1000, now: () => t });
    cache.get(["a"], () => 1);
    cache.get(["b"], () => 2);
    t = 1500;
    vi.advanceTimersByTime(1000);
    expect(cache.size).toBe(0);
  });
});

afterEach(() => {
  vi.useRealTimers();
});
