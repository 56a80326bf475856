import { describe, expect, it } from "vitest";
import { smallTalk } from "./small-talk.js";

describe("smallTalk", () => {
  it.each([
    ["hello", "greeting"],
    ["Hi there!", "greeting"],
    ["Bonjour 👋", "greeting"],
    ["salut", "greeting"],
    ["Привет!", "greeting"],
    ["Добрый вечер", "greeting"],
    ["thanks!", "thanks"],
    ["Thank you very much.", "thanks"],
    ["merci beaucoup", "thanks"],
    ["Спасибо большое", "thanks"],
    ["hello Relay", "greeting"],
  ] as const)("reads %j as %s", (text, kind) => {
    expect(smallTalk(text)).toBe(kind);
  });

  it.each([
    "hello, who was jailed for the marathon banner?",
    "merci pour la note 2, et la note 3 ?",
    "Almaty",
    "",
  ])("leaves %j to the questions", (text) => {
    expect(smallTalk(text)).toBeUndefined();
  });
});
