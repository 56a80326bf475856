import { describe, expect, it } from "vitest";
import { arrivedTogether, extractContent, joinBodies, sourceOf } from "./draft.js";

describe("extractContent", () => {
  it("keeps a text with its formatting", () => {
    const x = extractContent({
      date: 1,
      text: "Hi there",
      entities: [{ type: "bold", offset: 0, length: 2 }],
    });
    expect(x).toEqual({
      kind: "text",
      body: { text: "Hi there", entities: [{ type: "bold", offset: 0, length: 2 }] },
    });
  });

  it("takes the largest photo size and its caption", () => {
    const x = extractContent({ date: 1, photo: [{ file_id: "small" }, { file_id: "large" }], caption: "c" });
    expect(x).toEqual({
      kind: "media",
      media: { kind: "photo", fileId: "large" },
      body: { text: "c", entities: [] },
    });
  });

  it("refuses albums and what it cannot carry", () => {
    expect(extractContent({ date: 1, media_group_id: "g", photo: [{ file_id: "x" }] }).kind).toBe("album");
    expect(extractContent({ date: 1 }).kind).toBe("unsupported");
  });
});

describe("joining and sources", () => {
  it("offers to join messages at most two seconds apart", () => {
    expect(arrivedTogether({ date: 10 }, { date: 12 })).toBe(true);
    expect(arrivedTogether({ date: 10 }, { date: 13 })).toBe(false);
  });

  it("joins with a line break and shifts entities", () => {
    const joined = joinBodies([
      { text: "ab", entities: [] },
      { text: "cd", entities: [{ type: "italic", offset: 0, length: 2 }] },
    ]);
    expect(joined).toEqual({ text: "ab\ncd", entities: [{ type: "italic", offset: 3, length: 2 }] });
  });

  it("names a public channel with a link to the post", () => {
    const m = {
      date: 1,
      forward_origin: { type: "channel", chat: { title: "News", username: "news" }, message_id: 5 },
    };
    expect(sourceOf(m)).toEqual({ title: "News", url: "https://t.me/news/5" });
    expect(sourceOf({ date: 1, forward_origin: { type: "user" } })).toBeUndefined();
  });
});
