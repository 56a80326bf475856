import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { run } from "@grammyjs/runner";
import { Bot, InputFile } from "grammy";
import { describe, expect, it } from "vitest";
import { BotApiEmulator } from "./emulator.js";
import { runTerminalChat } from "./terminal.js";

describe("documents in the terminal chat", () => {
  it("shows a sent document and says where the sandbox saved it, upload or file_id alike", async () => {
    const emulator = await BotApiEmulator.start();
    const dir = mkdtempSync(join(tmpdir(), "relay-terminal-files-"));
    const bot = new Bot(emulator.token, { client: { apiRoot: emulator.apiRoot } });
    let fileId: string | undefined;
    bot.command("file", async (ctx) => {
      const m = await ctx.replyWithDocument(
        fileId ?? new InputFile(Buffer.from("<p>hi</p>"), "../relay-en.html"),
        {
          caption: "The article",
        },
      );
      fileId = m.document.file_id;
    });
    const runner = run(bot);
    const output = new PassThrough();
    let printed = "";
    output.on("data", (chunk: Buffer) => {
      printed += chunk.toString("utf8");
    });
    try {
      await runTerminalChat({
        emulator,
        input: Readable.from(["/file\n", "/file\n"]),
        output,
        interactive: false,
        downloadsDir: dir,
      });
      const path = join(dir, "relay-en.html");
      expect(printed).toContain("bot › [document ../relay-en.html] The article");
      expect(printed.split(`the sandbox saved this file to ${path}`)).toHaveLength(3);
      expect(readFileSync(path, "utf8")).toBe("<p>hi</p>");
    } finally {
      await runner.stop();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
