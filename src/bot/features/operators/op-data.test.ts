import { describe, expect, it } from "vitest";
import { type OpAction, opData } from "./op-data.js";

describe("opData", () => {
  const actions: OpAction[] = [
    { kind: "original", lang: "ru" },
    { kind: "add", lang: "fr" },
    { kind: "no-more" },
    { kind: "join" },
    { kind: "keep-first" },
    { kind: "sensitive", on: true },
    { kind: "sensitive", on: false },
    { kind: "delete-after", hours: 47 },
    { kind: "source", on: true },
    { kind: "confirm" },
    { kind: "cancel" },
    { kind: "retract", id: 999_999_999 },
    { kind: "publish" },
    { kind: "dismiss" },
  ];

  it.each(actions)("fits in 64 bytes and round-trips %j", (a) => {
    const data = opData.encode(a);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(opData.decode(data)).toEqual(a);
  });

  it.each(["op:del:48", "op:del:0", "op:l:de", "op:rt:0", "op:sens:2", "op:", "st:sub"])(
    "rejects %j",
    (data) => {
      expect(opData.decode(data)).toBeUndefined();
    },
  );
});
