import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createIdentity } from "./identity.js";

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

  it("refuses a key that is not 32 bytes", () => {
    expect(() => createIdentity(randomBytes(16))).toThrow();
  });
});
