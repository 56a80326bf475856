import { describe, expect, it } from "vitest";
import { DIGEST_SEPARATOR, packDigest, renderDigestPart } from "./digest-bundle.js";

describe("packDigest", () => {
  it("keeps everything in one message when it fits", () => {
    expect(packDigest(20, [100, 200, 300])).toEqual([{ items: [0, 1, 2], header: true }]);
  });

  it("splits between items so that no message exceeds the limit", () => {
    const parts = packDigest(30, [3000, 3000, 1000, 4096]);
    expect(parts).toEqual([
      { items: [0], header: true },
      { items: [1, 2], header: false },
      { items: [3], header: false },
    ]);
    for (const p of parts) {
      const length =
        (p.header ? 32 : 0) +
        p.items.reduce((n, i) => n + ([3000, 3000, 1000, 4096][i] ?? 0), 0) +
        (p.items.length - 1) * DIGEST_SEPARATOR.length;
      expect(length).toBeLessThanOrEqual(4096);
    }
  });

  it("renders a part with its header and separators", () => {
    const part = renderDigestPart({ text: "H", entities: [] }, [
      { text: "a", entities: [] },
      { text: "b", entities: [{ type: "bold", offset: 0, length: 1 }] },
    ]);
    expect(part.text).toBe(`H\n\na${DIGEST_SEPARATOR}b`);
    expect(part.entities[0]?.offset).toBe(part.text.length - 1);
  });
});
