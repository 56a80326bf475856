import { PassThrough, Readable } from "node:stream";
import { run } from "@grammyjs/runner";
import { Bot, InlineKeyboard } from "grammy";
import { describe, expect, it } from "vitest";
import { BotApiEmulator } from "./emulator.js";
import { runTerminalChat } from "./terminal.js";
import { renderText } from "./terminal-render.js";

describe("the terminal chat", () => {
  it("processes piped lines one by one and prints the bot's replies, edits and toasts", async () => {
    const emulator = await BotApiEmulator.start();
    const bot = new Bot(emulator.token, { client: { apiRoot: emulator.apiRoot } });
    bot.command("start", (ctx) =>
      ctx.reply(`<b>Welcome</b> ${ctx.match}\n<blockquote>quoted\nlines</blockquote>`, {
        parse_mode: "HTML",
        reply_markup: new InlineKeyboard()
          .text("More", "more")
          .url("Deep", `https://t.me/${emulator.botInfo.username}?start=s3p12`),
      }),
    );
    bot.callbackQuery("more", async (ctx) => {
      await ctx.editMessageText("Expanded");
      await ctx.answerCallbackQuery("opened");
    });
    bot.on("message:text", (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    const runner = run(bot);
    const output = new PassThrough();
    let printed = "";
    output.on("data", (chunk: Buffer) => {
      printed += chunk.toString("utf8");
    });
    try {
      await runTerminalChat({
        emulator,
        input: Readable.from(["/start\n", "hello there\n", "#1\n", "/start again\n", "#2\n"]),
        output,
        interactive: false,
      });
    } finally {
      await runner.stop();
      await emulator.close();
    }
    expect(printed).toContain("LOCAL SANDBOX");
    expect(printed).toContain("BOT_TOKEN");
    expect(printed).toContain("bot › Welcome");
    expect(printed).toContain("│ quoted");
    expect(printed).toContain("│ lines");
    expect(printed).toContain("[1] More  [2] Deep ↗");
    expect(printed).toContain("bot › echo: hello there");
    expect(printed).toContain("bot (edited) › Expanded");
    expect(printed).toContain("⟨toast⟩ opened");
    expect(printed).toContain("sending /start s3p12");
    expect(printed).toContain("bot › Welcome s3p12");
    expect(printed).not.toContain("\x1b[");
    expect(printed.indexOf("echo: hello there")).toBeLessThan(printed.indexOf("Expanded"));
  });

  it("styles entities with ANSI codes only when asked", () => {
    const entities = [{ type: "bold" as const, offset: 0, length: 4 }];
    expect(renderText("bold text", entities, false)).toBe("bold text");
    expect(renderText("bold text", entities, true)).toBe("\x1b[1mbold\x1b[0m text");
    expect(renderText("see site", [{ type: "text_link", offset: 4, length: 4, url: "https://x.org" }])).toBe(
      "see site (https://x.org)",
    );
  });
});
