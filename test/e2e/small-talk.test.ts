import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ask, buttons, type RelayUnderTest, startRelay } from "../support/relay.js";

let relay: RelayUnderTest;
beforeAll(async () => {
  relay = await startRelay();
});
afterAll(async () => relay.close());

describe("search and small talk in each language", () => {
  it.each([
    ["en", "/search the", "too common"],
    ["en", "what is the", "too common"],
    ["fr", "/search le la les", "trop courants"],
    ["ru", "/search что такое", "слишком общие"],
  ])("%s: %j, stop words only, gets a hint instead of every paragraph", async (lang, text, hint) => {
    const user = relay.emulator.user({ language_code: lang });
    const reply = await ask(relay, user, text);
    expect(reply.text).toContain(hint);
    expect(reply.text).toContain("/search");
  });

  it("still ignores stop words around a real word", async () => {
    const user = relay.emulator.user({ language_code: "en" });
    const withStops = await ask(relay, user, "/search the Zhanaozen of the");
    const bare = await ask(relay, user, "/search Zhanaozen");
    expect(withStops.text?.split("\n")[2]).toBe(bare.text?.split("\n")[2]);
  });

  it.each([
    ["en", "hello", "Hello!", "Contents"],
    ["en", "thanks!", "You’re welcome", "Contents"],
    ["fr", "bonjour", "Bonjour !", "Sommaire"],
    ["fr", "Merci beaucoup", "Avec plaisir", "Sommaire"],
    ["ru", "привет", "Здравствуйте!", "Оглавление"],
    ["ru", "Спасибо!", "Пожалуйста", "Оглавление"],
  ])("%s: %j gets a brief answer with the contents button", async (lang, text, answer, contents) => {
    const user = relay.emulator.user({ language_code: lang });
    const reply = await ask(relay, user, text);
    expect(reply.text?.startsWith(answer)).toBe(true);
    expect(buttons(reply)).toEqual([[contents]]);
    const next = user.nextReply(5000);
    await user.press(reply, contents);
    expect((await next).text).toContain(contents);
  });

  it.each([
    ["en", "/note two", "Footnote 2"],
    ["fr", "/note deux", "Note 2"],
    ["ru", "/note два", "Сноска 2"],
    ["en", "/section three", "3. "],
  ])("%s: %s reads a spelt number", async (lang, text, title) => {
    const user = relay.emulator.user({ language_code: lang });
    const reply = await ask(relay, user, text);
    expect(reply.text?.startsWith(title)).toBe(true);
  });

  it.each([
    ["en", "/SECTION 2", "2. The Prison of Nations"],
    ["fr", "/Section 2", "2. La prison des nations"],
    ["ru", "/NOTE 1", "Сноска 1"],
    ["en", "/Help", "Relay carries"],
  ])("%s: %s works whatever the letter case", async (lang, text, start) => {
    const user = relay.emulator.user({ language_code: lang });
    const reply = await ask(relay, user, text);
    expect(reply.text?.startsWith(start)).toBe(true);
  });
});
