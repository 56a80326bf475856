import { describe, expect, it } from "vitest";
import { shorten } from "./page.js";

describe("shorten", () => {
  it("cuts a long label between words", () => {
    expect(shorten("6. Entretien: Témoignages directs d’anarchistes à Almaty", 40)).toBe(
      "6. Entretien: Témoignages directs…",
    );
    expect(shorten("2. La prison des nations", 40)).toBe("2. La prison des nations");
  });
});
