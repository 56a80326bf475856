import { describe, expect, it } from "vitest";
import { AUTO_DELETE_DELAYS } from "../../db/auto-delete.js";
import { autoDeleteData } from "./auto-delete-data.js";

describe("autoDeleteData", () => {
  it("round-trips every choice within 64 bytes", () => {
    for (const a of [
      { kind: "menu" } as const,
      { kind: "set", delaySeconds: undefined } as const,
      ...AUTO_DELETE_DELAYS.map((d) => ({ kind: "set", delaySeconds: d }) as const),
    ]) {
      const data = autoDeleteData.encode(a);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(autoDeleteData.decode(data)).toEqual(a);
    }
  });
  it.each(["ad:", "ad:60", "ad:200000", "ad:-1", "ad:menu2"])("rejects %j", (data) => {
    expect(autoDeleteData.decode(data)).toBeUndefined();
  });
});
