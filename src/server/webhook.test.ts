import { describe, expect, it } from "vitest";
import { secretMatches, webhookTarget } from "./webhook.js";

describe("webhookTarget", () => {
  it("keeps a given path and gives a bare host /telegram", () => {
    expect(webhookTarget("https://relay.example.org/tg/hook-7f3a")).toEqual({
      url: "https://relay.example.org/tg/hook-7f3a",
      path: "/tg/hook-7f3a",
    });
    expect(webhookTarget("https://relay.example.org")).toEqual({
      url: "https://relay.example.org/telegram",
      path: "/telegram",
    });
  });
});

describe("secretMatches", () => {
  it("accepts only the exact secret", () => {
    const secret = "s3cret-s3cret-s3cret";
    expect(secretMatches(secret, secret)).toBe(true);
    expect(secretMatches([secret, "x"], secret)).toBe(true);
    expect(secretMatches(undefined, secret)).toBe(false);
    expect(secretMatches("", secret)).toBe(false);
    expect(secretMatches(`${secret}x`, secret)).toBe(false);
    expect(secretMatches(secret.toUpperCase(), secret)).toBe(false);
  });
});
