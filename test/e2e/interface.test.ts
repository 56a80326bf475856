import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ask, buttons, type RelayUnderTest, say, startRelay } from "../support/relay.js";

let relay: RelayUnderTest;
beforeAll(async () => {
  relay = await startRelay({ env: { DEFAULT_LANGUAGE: "fr" } });
});
afterAll(async () => relay.close());

const cases = [
  {
    code: "en",
    hello: "Hello",
    toc: "Contents",
    note: "Footnote 2",
    help: "/section —",
    bad: "Sections are numbered 1–6",
  },
  { code: "fr", hello: "Bonjour", toc: "Sommaire", note: "Note 2", help: "/section —", bad: "de 1 à 6" },
  {
    code: "ru",
    hello: "Здравствуйте",
    toc: "Оглавление",
    note: "Сноска 2",
    help: "/section —",
    bad: "от 1 до 6",
  },
] as const;

describe.each(cases)("the interface for language_code $code", ({ code, hello, toc, note, help, bad }) => {
  it("greets, lists sections, answers footnotes and errors in that language", async () => {
    const user = relay.emulator.user({ language_code: code });
    const [greeting, contents] = await say(relay, user, "/start");
    expect(greeting?.text).toContain(hello);
    expect(contents?.text).toContain(toc);
    expect((await ask(relay, user, "/note 2")).text?.split("\n")[0]).toBe(note);
    expect((await ask(relay, user, "/section 42")).text).toContain(bad);
    const helpText = (await ask(relay, user, "/help")).text ?? "";
    expect(helpText).toContain(help);
    for (const command of [
      "/start",
      "/help",
      "/privacy",
      "/lang",
      "/sections",
      "/section",
      "/note",
      "/search",
    ])
      expect(helpText).toContain(`${command} —`);
    // A notice longer than one message comes in parts (the French one does).
    const privacy = await say(relay, user, "/privacy");
    expect(privacy.map((m) => m.text).join("\n\n")).toMatch(/Telegram/);
  });
});

describe("the one language rule", () => {
  it("maps Ukrainian, Kazakh and Belarusian apps to Russian and others to English", async () => {
    for (const [code, hello] of [
      ["uk", "Здравствуйте"],
      ["kk", "Здравствуйте"],
      ["be", "Здравствуйте"],
      ["de", "Hello"],
    ] as const) {
      const user = relay.emulator.user({ language_code: code });
      expect((await say(relay, user, "/start"))[0]?.text).toContain(hello);
    }
  });

  it("uses DEFAULT_LANGUAGE only when Telegram sends no language_code", async () => {
    const user = relay.emulator.user({ language_code: undefined });
    expect((await say(relay, user, "/start"))[0]?.text).toContain("Bonjour");
  });

  it("lets /lang win over language_code, by argument or by button", async () => {
    const user = relay.emulator.user({ language_code: "en" });
    expect((await ask(relay, user, "/lang ru")).text).toContain("по-русски");
    expect((await say(relay, user, "/start"))[0]?.text).toContain("Здравствуйте");
    const menu = await ask(relay, user, "/lang");
    expect(buttons(menu)[0]).toEqual(["Français", "English", "• Русский •"]);
    await user.press(menu, "Français");
    await relay.emulator.waitForIdle();
    expect((await say(relay, user, "/start"))[0]?.text).toContain("Bonjour");
    expect((await ask(relay, user, "/lang de")).text).toContain("/lang fr");
  });
});

describe("menus and descriptions", () => {
  it("registers the commands for the default scope and for fr, en and ru, and the descriptions", async () => {
    await waitUntil(() => relay.emulator.commands({ type: "default" }, "ru") !== undefined);
    const en = relay.emulator.commands({ type: "default" })?.map((c) => c.command);
    expect(en).toEqual(
      expect.arrayContaining(["start", "help", "privacy", "lang", "sections", "section", "note"]),
    );
    expect(
      relay.emulator.commands({ type: "default" }, "fr")?.find((c) => c.command === "note")?.description,
    ).toContain("note");
    expect(
      relay.emulator.commands({ type: "default" }, "ru")?.find((c) => c.command === "note")?.description,
    ).toContain("сноску");
    await waitUntil(() => Boolean(relay.emulator.profile.shortDescription.get("ru")));
    expect(relay.emulator.profile.description.get("ru")).toContain("Казахстане");
    expect(relay.emulator.profile.description.get("")).toContain("Kazakhstan");
  });

  it("does not set menus again when they have not changed", async () => {
    const before = relay.emulator.callsTo("setMyCommands").length;
    const { syncMenus, desiredMenus } = await import("../../src/bot/menus.js");
    const { relay: bot } = relay.app;
    const result = await syncMenus(
      relay.app.bot.api,
      desiredMenus(bot.commands, bot.operatorCommands, []),
      (await import("../../src/bot/i18n.js")).createTranslator(
        new URL("../../locales", import.meta.url).pathname,
      ),
      (await import("../../src/logger.js")).createLogger("silent"),
    );
    expect(result.changed).toBe(0);
    expect(relay.emulator.callsTo("setMyCommands").length).toBe(before);
  });
});

describe("in groups", () => {
  it("answers commands addressed to it and ignores other messages", async () => {
    const alice = relay.emulator.user({ language_code: "en" });
    const group = relay.emulator.group({ members: [alice] });
    group.send(alice, "hello everyone");
    group.send(alice, "/section@SomeOtherBot 2");
    await relay.emulator.waitForIdle();
    expect(group.replies()).toHaveLength(0);
    group.send(alice, `/note@${relay.emulator.botInfo.username} 3`);
    await relay.emulator.waitForIdle();
    expect(group.replies().at(-1)?.text).toContain("Footnote 3");
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("operator menus", () => {
  it("lists operator commands only in each operator's own chat, never in the default menu or /help", async () => {
    const boss = 4_000_000_001;
    const ops = await startRelay({ env: { OPERATOR_IDS: String(boss) } });
    try {
      const operator = ops.emulator.user({ id: boss, language_code: "ru" });
      const reader = ops.emulator.user({ language_code: "ru" });
      await say(ops, operator, "/start");
      await waitUntil(
        () => (ops.emulator.profile.commandsFor({ type: "chat", chat_id: boss }, "ru")?.length ?? 0) > 0,
      );
      const shown = (id: number) => ops.emulator.profile.commandsShownTo(id, "ru").map((c) => c.command);
      expect(shown(boss)).toEqual(expect.arrayContaining(["post", "stats", "section"]));
      expect(shown(reader.id)).not.toContain("post");
      expect((await ask(ops, reader, "/help")).text).not.toContain("/post");
    } finally {
      await ops.close();
    }
  });
});
