import { describe, expect, it } from "vitest";
import { resolveLanguage } from "./language.js";

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
