import { describe, expect, it } from "vitest";
import { getOrMake } from "./memo.js";

describe("getOrMake", () => {
  it("makes a value once per key and serves it after", () => {
    const map = new Map<string, number>();
    let calls = 0;
    const make = () => ++calls;
    expect(getOrMake(map, "a", make)).toBe(1);
    expect(getOrMake(map, "a", make)).toBe(1);
    expect(getOrMake(map, "b", make)).toBe(2);
    expect(calls).toBe(2);
  });

  it("keeps undefined, so a lookup that found nothing is not repeated", () => {
    const map = new Map<number, string | undefined>();
    let calls = 0;
    const make = () => {
      calls++;
      return undefined;
    };
    expect(getOrMake(map, 1, make)).toBeUndefined();
    expect(getOrMake(map, 1, make)).toBeUndefined();
    expect(calls).toBe(1);
  });
});
