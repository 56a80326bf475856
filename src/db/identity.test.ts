import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createIdentity, SEALED_ID_WIDTH } from "./identity.js";

describe("identity", () => {
  const ids = createIdentity(randomBytes(32));

  it("seals an id so that only the key opens it, with a fresh nonce each time", () => {
    const a = ids.seal(-1001234567890);
    const b = ids.seal(-1001234567890);
    expect(a.equals(b)).toBe(false);
    expect(ids.unseal(a)).toBe(-1001234567890);
    expect(a.toString("latin1")).not.toContain("1234567890");
    expect(() => createIdentity(randomBytes(32)).unseal(a)).toThrow();
  });

  it("gives a stable lookup key per id that differs across keys", () => {
    expect(ids.lookupKey(42).equals(ids.lookupKey(42))).toBe(true);
    expect(ids.lookupKey(42).equals(ids.lookupKey(43))).toBe(false);
    expect(createIdentity(randomBytes(32)).lookupKey(42).equals(ids.lookupKey(42))).toBe(false);
  });

  it("seals every chat id at one width, so a blob's length does not tell how many digits the id has", () => {
    const chats = [7, -42, 7_304_918_265, -1_001_987_654_321, "@a_channel", `@${"c".repeat(32)}`];
    const lengths = new Set(chats.map((c) => ids.seal(c).length));
    expect([...lengths]).toEqual([12 + 16 + SEALED_ID_WIDTH]);
    for (const c of chats) expect(ids.openChat(ids.seal(c))).toBe(c);
    expect(ids.unseal(ids.seal(-1_001_987_654_321))).toBe(-1_001_987_654_321);
  });

  it("still opens ids sealed before the fixed width (no padding)", () => {
    const old = ids.sealBytes("7304918265");
    expect(ids.unseal(old)).toBe(7_304_918_265);
    expect(ids.openChat(ids.sealBytes("@old_channel"))).toBe("@old_channel");
  });

  it("gives a log tag that is no prefix of a lookup key and changes from one day to the next", () => {
    const day = 86_400_000;
    const key = ids.lookupKey(7_304_918_265);
    const morning = ids.logTag(key, 20_000 * day + 1);
    expect(ids.logTag(key, 20_000 * day + day - 1)).toBe(morning);
    expect(ids.logTag(key, 20_001 * day)).not.toBe(morning);
    for (const encoding of ["hex", "base64", "base64url"] as const)
      expect(key.toString(encoding)).not.toContain(morning);
    expect(ids.logTag(7_304_918_265, 0)).not.toBe(ids.logTag(7_304_918_266, 0));
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => createIdentity(randomBytes(16))).toThrow();
  });
});
