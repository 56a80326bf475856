import { describe, expect, it } from "vitest";
import { cutUtf16 } from "./utf16.js";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("cutUtf16", () => {
  it("cuts at the limit, and one unit earlier rather than inside an emoji", () => {
    expect(cutUtf16("abcdef", 4)).toBe("abcd");
    expect(cutUtf16("abc", 4)).toBe("abc");
    const text = `${"a".repeat(119)}🔥 fire`;
    const cut = cutUtf16(text, 120);
    expect(cut).toBe("a".repeat(119));
    expect(cutUtf16(text, 121)).toBe(`${"a".repeat(119)}🔥`);
  });

  it("never leaves a lone surrogate, whatever the limit", () => {
    const text = "Казфем 🌸🌸 ✊🏽 фонд 🕊️";
    for (let max = 0; max <= text.length + 1; max++) {
      const cut = cutUtf16(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(LONE_SURROGATE);
    }
  });
});
