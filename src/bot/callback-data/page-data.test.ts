import { describe, expect, it } from "vitest";
import { openData, pageData, switchData } from "./page-data.js";

describe("reading callback data", () => {
  it("fits in 64 bytes at its widest and round-trips", () => {
    const cases: [string, unknown, unknown][] = [
      [
        pageData.encode(999, 999, "ru"),
        pageData.decode(pageData.encode(999, 999, "ru")),
        { section: 999, page: 999, lang: "ru" },
      ],
      [
        switchData.encode(999, 9999, "fr"),
        switchData.decode(switchData.encode(999, 9999, "fr")),
        { section: 999, paragraph: 9999, lang: "fr" },
      ],
      [
        openData.encode(999, 9999),
        openData.decode(openData.encode(999, 9999)),
        { section: 999, paragraph: 9999 },
      ],
    ];
    for (const [data, decoded, expected] of cases) {
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decoded).toEqual(expected);
    }
  });
  it.each(["", "pg:1:1:de", "pg:x:1:fr", "sw:1:1", "go:", "op:1", "pg:1:1:fr:extra", "go:1:2:3"])(
    "rejects %j",
    (data) => {
      expect(pageData.decode(data) ?? switchData.decode(data) ?? openData.decode(data)).toBeUndefined();
    },
  );
});
