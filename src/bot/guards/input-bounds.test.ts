import { describe, expect, it } from "vitest";
import { DEEP_LINK_PAYLOAD, wellFormed } from "./input-bounds.js";

describe("wellFormed", () => {
  it("replaces each lone surrogate with U+FFFD and keeps pairs, so UTF-16 offsets do not move", () => {
    const text = "a\uD800b\uDFFFc😀\uDBFF";
    const fixed = wellFormed(text);
    expect(fixed).toBe("a\uFFFDb\uFFFDc😀\uFFFD");
    expect(fixed.length).toBe(text.length);
    expect(wellFormed("Қазақстан 👩‍👩‍👧‍👦")).toBe("Қазақстан 👩‍👩‍👧‍👦");
  });
});

describe("DEEP_LINK_PAYLOAD", () => {
  it.each(["s3", "s3p12", "n2", "a".repeat(64), "A-z_0"])("accepts %j", (p) =>
    expect(DEEP_LINK_PAYLOAD.test(p)).toBe(true),
  );
  it.each(["", "a".repeat(65), "s 3", "é", "s3!", "s3\n"])("refuses %j", (p) =>
    expect(DEEP_LINK_PAYLOAD.test(p)).toBe(false),
  );
});
