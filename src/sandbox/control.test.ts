import { run } from "@grammyjs/runner";
import { Bot } from "grammy";
import { describe, expect, it } from "vitest";
import { spawnEmulator } from "./control-client.js";

describe("an emulator in its own process, driven over HTTP", () => {
  it("prints its address, takes users and faults over /__control, and exits on SIGTERM", async () => {
    const emulator = await spawnEmulator(["--rate-chat", "1"]);
    const bot = new Bot(emulator.token, { client: { apiRoot: emulator.apiRoot } });
    bot.on("message:text", (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    const runner = run(bot);
    try {
      const { control } = emulator;
      const { id } = await control.user({ first_name: "Remote" });
      const next = control.nextReply(id, 3000);
      await control.send(id, "over http");
      expect((await next).text).toBe("echo: over http");
      await control.waitForIdle();
      const stats = await control.stats();
      expect(stats.messagesSent).toBe(1);
      expect(stats.byMethod.sendMessage).toBe(1);
      expect((await control.calls({ method: "sendMessage" }))[0]?.params).toMatchObject({ chat_id: id });
      await control.fault({
        kind: "fail",
        method: "sendMessage",
        error: { error_code: 403, description: "Forbidden: x" },
      });
      await expect(bot.api.sendMessage(id, "direct")).rejects.toThrow("Forbidden: x");
      await expect(bot.api.sendMessage(id, "limited")).rejects.toThrow(/retry after/); // --rate-chat 1
      await control.setRateLimit(undefined);
      await bot.api.sendMessage(id, "free");
      expect((await control.replies(id)).map((m) => m.text)).toEqual(["echo: over http", "free"]);
    } finally {
      await runner.stop();
      await emulator.stop();
    }
  });
});
