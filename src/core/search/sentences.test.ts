import { describe, expect, it } from "vitest";
import { splitSentences } from "./sentences.js";

describe("splitSentences", () => {
  it("cuts after . ! ? … and closing quotes, keeping numbers such as 8.000 whole", () => {
    const text = "Il y a eu 8.000 arrestations. «Pourquoi?» Personne ne sait… Fin";
    expect(splitSentences(text).map((s) => text.slice(s.start, s.end))).toEqual([
      "Il y a eu 8.000 arrestations.",
      "«Pourquoi?»",
      "Personne ne sait…",
      "Fin",
    ]);
  });

  it("returns nothing for empty text", () => {
    expect(splitSentences("")).toEqual([]);
  });
});
