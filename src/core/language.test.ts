import { describe, expect, it } from "vitest";
import { resolveLanguage, subscriberLanguage } from "./language.js";

describe("resolveLanguage", () => {
  it("prefers the saved choice over Telegram's language_code", () => {
    expect(resolveLanguage("fr", "ru", "en")).toBe("fr");
  });
  it.each([
    ["fr", "fr"],
    ["fr-CA", "fr"],
    ["ru", "ru"],
    ["uk", "ru"],
    ["be", "ru"],
    ["kk", "ru"],
    ["ky", "ru"],
    ["tg", "ru"],
    ["en", "en"],
    ["de", "en"],
    ["pt-br", "en"],
  ])("maps language_code %s to %s", (code, lang) => {
    expect(resolveLanguage(undefined, code, "fr")).toBe(lang);
  });
  it("falls back to the default only when there is no language_code", () => {
    expect(resolveLanguage(undefined, undefined, "ru")).toBe("ru");
    expect(resolveLanguage(undefined, "", "fr")).toBe("fr");
  });
});

describe("subscriberLanguage", () => {
  it("gives a person's copies their subscription's language, whatever reading language they saved", () => {
    expect(subscriberLanguage("fr", false, "ru")).toBe("fr");
    expect(subscriberLanguage("fr", false, undefined)).toBe("fr");
  });
  it("gives a group's copies the group subscription's language, whatever anyone saved", () => {
    expect(subscriberLanguage("en", true, "ru")).toBe("en");
  });
});
