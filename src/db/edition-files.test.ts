import { describe, expect, it } from "vitest";
import { editionFileIds } from "./edition-files.js";
import { openDatabase } from "./open.js";

const A = "a".repeat(64);
const B = "b".repeat(64);

describe("editionFileIds", () => {
  it("gives a file_id back only for the very file (same hash) it was saved for", () => {
    const ids = editionFileIds(openDatabase(":memory:"));
    expect(ids.fileId("fr", "html", A)).toBeUndefined();
    ids.save("fr", "html", A, "id-a");
    expect(ids.fileId("fr", "html", A)).toBe("id-a");
    expect(ids.fileId("fr", "epub", A)).toBeUndefined();
    expect(ids.fileId("en", "html", A)).toBeUndefined();
    // A new edition: the old file_id is no use for it, and saving the new upload replaces it.
    expect(ids.fileId("fr", "html", B)).toBeUndefined();
    ids.save("fr", "html", B, "id-b");
    expect(ids.fileId("fr", "html", B)).toBe("id-b");
    expect(ids.fileId("fr", "html", A)).toBeUndefined();
    ids.forget("fr", "html", B);
    expect(ids.fileId("fr", "html", B)).toBeUndefined();
  });

  it("refuses what is not an edition file", () => {
    const ids = editionFileIds(openDatabase(":memory:"));
    expect(() => ids.save("de" as never, "html", A, "x")).toThrow(/CHECK/);
    expect(() => ids.save("fr", "pdf" as never, A, "x")).toThrow(/CHECK/);
    expect(() => ids.save("fr", "html", "short", "x")).toThrow(/CHECK/);
  });
});
