import { type RunnerHandle, run } from "@grammyjs/runner";
import { Bot, GrammyError, InlineKeyboard } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotApiEmulator } from "./emulator.js";

/** A small bot that exercises the common paths: echo, buttons, inline mode, commands. */
function echoBot(emulator: BotApiEmulator): Bot {
  const bot = new Bot(emulator.token, { client: { apiRoot: emulator.apiRoot } });
  bot.command("start", (ctx) =>
    ctx.reply(`<b>Hello</b> ${ctx.match || "reader"} &amp; welcome`, {
      parse_mode: "HTML",
      reply_markup: new InlineKeyboard().text("Next ▶", "page:2").url("Site", "https://example.org"),
    }),
  );
  bot.callbackQuery(/^page:(\d+)$/, async (ctx) => {
    await ctx.editMessageText(`Page ${ctx.match[1]}`, {
      reply_markup: new InlineKeyboard().text("◀ Back", "page:1"),
    });
    await ctx.answerCallbackQuery({ text: `went to ${ctx.match[1]}` });
  });
  bot.on("inline_query", (ctx) =>
    ctx.answerInlineQuery(
      [
        {
          type: "article",
          id: "a1",
          title: `Result for ${ctx.inlineQuery.query}`,
          input_message_content: { message_text: `You searched ${ctx.inlineQuery.query}` },
        },
      ],
      { cache_time: 0, button: { text: "Open the bot", start_parameter: "s3p12" } },
    ),
  );
  bot.on("message:text", (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
  return bot;
}

describe("a real grammY bot against the emulator", () => {
  let emulator: BotApiEmulator;
  let runner: RunnerHandle | undefined;

  beforeEach(async () => {
    emulator = await BotApiEmulator.start();
  });
  afterEach(async () => {
    if (runner?.isRunning()) await runner.stop();
    await emulator.close();
  });

  it("echoes a message through long polling with the runner", async () => {
    const bot = echoBot(emulator);
    runner = run(bot);
    const user = emulator.user({ first_name: "Ada", language_code: "fr" });
    user.send("bonjour");
    const reply = await user.nextReply();
    expect(reply.text).toBe("echo: bonjour");
    expect(reply.message.from?.id).toBe(emulator.botInfo.id);
    expect(reply.date).toBeLessThan(10_000_000_000); // seconds, not ms
  });

  it("parses a command with HTML and presses its callback button", async () => {
    runner = run(echoBot(emulator));
    const user = emulator.user();
    user.send("/start s1");
    const start = await user.nextReply();
    expect(start.text).toBe("Hello s1 & welcome");
    expect(start.entities).toEqual([{ type: "bold", offset: 0, length: 5 }]);
    const edited = user.nextReply();
    const { answer } = await user.press(start, "Next ▶");
    expect(answer?.text).toBe("went to 2");
    const page = await edited;
    expect(page).toMatchObject({ message_id: start.message_id, text: "Page 2", edited: true });
    expect(page.history[0]?.text).toBe("Hello s1 & welcome");
    await expect(user.press(page, "Next ▶")).rejects.toThrow(/no button/);
  });

  it("answers an inline query and sends the chosen result via the bot", async () => {
    runner = run(echoBot(emulator));
    const user = emulator.user();
    const answer = await user.inline("war");
    expect(answer.results).toHaveLength(1);
    expect(answer.button?.start_parameter).toBe("s3p12");
    const result = answer.results[0];
    if (!result) throw new Error("no result");
    const sent = user.chooseInlineResult(result, "war");
    expect(sent.text).toBe("You searched war");
    expect(sent.via_bot?.id).toBe(emulator.botInfo.id);
  });

  it("gives grammY Telegram's errors: 403 blocked, 400 chat not found, 400 parse errors", async () => {
    const bot = new Bot(emulator.token, { client: { apiRoot: emulator.apiRoot } });
    const user = emulator.user();
    user.block();
    const blocked = await bot.api.sendMessage(user.id, "hi").catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(GrammyError);
    expect((blocked as GrammyError).error_code).toBe(403);
    expect((blocked as GrammyError).description).toBe("Forbidden: bot was blocked by the user");
    const unknown = (await bot.api.sendMessage(42, "hi").catch((e: unknown) => e)) as GrammyError;
    expect(unknown.description).toBe("Bad Request: chat not found");
    const other = emulator.user();
    const bad = (await bot.api
      .sendMessage(other.id, "a < b", { parse_mode: "HTML" })
      .catch((e: unknown) => e)) as GrammyError;
    expect(bad.description).toBe(
      'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2',
    );
  });

  it("stores commands per scope and language like Telegram", async () => {
    const bot = new Bot(emulator.token, { client: { apiRoot: emulator.apiRoot } });
    await bot.api.setMyCommands([{ command: "start", description: "Start" }]);
    await bot.api.setMyCommands([{ command: "start", description: "Commencer" }], { language_code: "fr" });
    await bot.api.setMyCommands([{ command: "ops", description: "Operators" }], {
      scope: { type: "all_private_chats" },
    });
    expect(await bot.api.getMyCommands({ language_code: "fr" })).toEqual([
      { command: "start", description: "Commencer" },
    ]);
    expect(await bot.api.getMyCommands({ language_code: "ru" })).toEqual([]);
    expect(emulator.commands({ type: "all_private_chats" })).toEqual([
      { command: "ops", description: "Operators" },
    ]);
    await bot.api.deleteMyCommands({ language_code: "fr" });
    expect(await bot.api.getMyCommands({ language_code: "fr" })).toEqual([]);
    const badCommand = (await bot.api
      .setMyCommands([{ command: "Start", description: "x" }])
      .catch((e: unknown) => e)) as GrammyError;
    expect(badCommand.error_code).toBe(400);
  });

  it("uploads a photo with multipart and keeps a file_id", async () => {
    const { InputFile } = await import("grammy");
    const bot = new Bot(emulator.token, { client: { apiRoot: emulator.apiRoot } });
    const user = emulator.user();
    const sent = await bot.api.sendPhoto(user.id, new InputFile(Buffer.from("fake jpeg"), "cover.jpg"), {
      caption: "<i>cover</i>",
      parse_mode: "HTML",
      reply_markup: new InlineKeyboard().text("ok", "ok"),
    });
    expect(sent.caption).toBe("cover");
    expect(sent.caption_entities).toEqual([{ type: "italic", offset: 0, length: 5 }]);
    expect(sent.photo?.at(-1)?.file_id).toMatch(/^SANDBOX-photo-upload-9-/);
    const again = await bot.api.sendPhoto(user.id, sent.photo?.at(-1)?.file_id ?? "");
    expect(again.photo?.at(-1)?.file_id).toBe(sent.photo?.at(-1)?.file_id);
    expect(emulator.sent(user.id).map((m) => m.method)).toEqual(["sendPhoto", "sendPhoto"]);
  });
});
