import { describe, expect, it } from "vitest";
import { openingWords } from "./opening-words.js";

describe("openingWords", () => {
  it("keeps a short first line whole and drops the lines after it", () => {
    expect(openingWords("Released this morning.\nMore details follow.")).toBe("Released this morning.");
    expect(openingWords("\n\n  Двое   задержаны \nещё")).toBe("Двое задержаны");
  });

  it("cuts a long line at a word near 60 characters, with an ellipsis", () => {
    const line = "Arrests in Almaty tonight: twelve people taken from the square near the akimat";
    const out = openingWords(line);
    expect(out.endsWith("…")).toBe(true);
    expect([...out].length).toBeLessThanOrEqual(60);
    expect(line.startsWith(out.slice(0, -1))).toBe(true);
    expect(out).toBe("Arrests in Almaty tonight: twelve people taken from the…");
  });

  it("cuts a line without spaces at 59 characters", () => {
    expect(openingWords("x".repeat(100))).toBe(`${"x".repeat(59)}…`);
  });

  it("never splits a surrogate pair or an emoji sequence", () => {
    const family = "👨‍👩‍👧";
    for (const pad of [57, 58, 59]) {
      const out = openingWords("a".repeat(pad) + family.repeat(5));
      const body = out.slice(0, -1);
      expect(body.endsWith("a") || body.endsWith(family)).toBe(true);
      const last = body.charCodeAt(body.length - 1);
      expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
    }
    expect(openingWords("🚨".repeat(80))).toBe(`${"🚨".repeat(59)}…`);
  });

  it("gives an empty string for an empty caption", () => {
    expect(openingWords("")).toBe("");
    expect(openingWords(" \n ")).toBe("");
  });
});
