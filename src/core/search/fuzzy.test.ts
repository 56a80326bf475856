import { describe, expect, it } from "vitest";
import { allowedEdits, nearWords, withinEdits } from "./fuzzy.js";

describe("withinEdits", () => {
  it.each([
    ["nadir", "nadri", 1, true],
    ["kazfem", "kazfemm", 1, true],
    ["tulesova", "tulesva", 1, true],
    ["tolymbekov", "tolimbekof", 2, true],
    ["nadir", "zenith", 2, false],
    ["marathon", "marathon", 0, true],
  ])("%s → %s within %i edits: %s", (a, b, max, expected) => {
    expect(withinEdits(a, b, max)).toBe(expected);
  });
});

describe("nearWords", () => {
  it("allows no typo under four letters, one up to seven, two beyond", () => {
    expect([allowedEdits("nad"), allowedEdits("nadr"), allowedEdits("tulesova")]).toEqual([0, 1, 2]);
  });

  it("finds the words a typo could stand for, not the word itself", () => {
    expect(nearWords("nadri", ["nadir", "nadri", "zenith", "radio"])).toEqual(["nadir"]);
  });
});
