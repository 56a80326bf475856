import { describe, expect, it } from "vitest";
import {
  cleanEntities,
  concat,
  longestRendering,
  type RenderLines,
  renderUpdate,
  truncate,
  type UpdateContent,
} from "./content.js";

const lines: RenderLines = {
  missingNote: (reader, original) => `[${reader}: original in ${original}]`,
  sourceLabel: () => "Source: ",
};

const content: UpdateContent = {
  original: "fr",
  bodies: {
    fr: { text: "Libéré ce matin", entities: [{ type: "bold", offset: 0, length: 6 }] },
    ru: { text: "Освобождён утром", entities: [] },
  },
};

describe("renderUpdate", () => {
  it("gives a reader their language as the operator formatted it", () => {
    expect(renderUpdate(content, "fr", lines)).toEqual(content.bodies.fr);
  });

  it("gives the original with a note when the reader's language is missing, shifting entities", () => {
    const note = "[en: original in fr]";
    const r = renderUpdate(content, "en", lines);
    expect(r.text).toBe(`${note}\n\nLibéré ce matin`);
    expect(r.entities).toEqual([
      { type: "italic", offset: 0, length: note.length },
      { type: "bold", offset: note.length + 2, length: 6 },
    ]);
  });

  it("ends with a source line linking to the post", () => {
    const r = renderUpdate(content, "ru", lines, { title: "Chan", url: "https://t.me/chan/5" });
    expect(r.text).toBe("Освобождён утром\n\nSource: Chan");
    expect(r.entities).toEqual([
      { type: "text_link", offset: r.text.length - 4, length: 4, url: "https://t.me/chan/5" },
    ]);
  });

  it("measures the longest form any reader could get", () => {
    expect(longestRendering(content, ["fr", "en", "ru"], lines).reader).toBe("en");
  });
});

describe("entities", () => {
  it("drops a text_mention and its user, keeps other formatting", () => {
    const kept = cleanEntities([
      { type: "text_mention", offset: 0, length: 3, user: { id: 1234567890, first_name: "A" } },
      { type: "italic", offset: 4, length: 2 },
    ]);
    expect(kept).toEqual([{ type: "italic", offset: 4, length: 2 }]);
  });

  it("counts offsets in UTF-16 units across emoji", () => {
    const joined = concat(
      [
        { text: "🔥", entities: [] },
        { text: "x", entities: [{ type: "bold", offset: 0, length: 1 }] },
      ],
      " ",
    );
    expect(joined.entities[0]?.offset).toBe(3);
  });

  it("truncates without splitting a surrogate pair and clips entities", () => {
    const t = truncate({ text: "ab🔥cd", entities: [{ type: "bold", offset: 0, length: 6 }] }, 4);
    expect(t.text).toBe("ab…");
    expect(t.entities).toEqual([{ type: "bold", offset: 0, length: 2 }]);
  });
});
