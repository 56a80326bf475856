import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Bot, webhookCallback } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { BotApiEmulator } from "./emulator.js";

let emulator: BotApiEmulator;
let server: Server | undefined;

afterEach(async () => {
  await emulator.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A grammY bot behind a local HTTP server; the first `failures` requests answer 500. */
async function webhookBot(bot: Bot, secretToken: string, failures = 0): Promise<string> {
  const handle = webhookCallback(bot, "http", { secretToken });
  let left = failures;
  server = createServer((req, res) => {
    if (left-- > 0) {
      res.writeHead(500).end();
      return;
    }
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

describe("webhooks", () => {
  it("POSTs updates with the secret token and retries after a failure", async () => {
    emulator = await BotApiEmulator.start();
    const bot = new Bot(emulator.token, { client: { apiRoot: emulator.apiRoot }, botInfo: emulator.botInfo });
    bot.on("message:text", (ctx) => ctx.reply(`hook: ${ctx.message.text}`));
    const url = await webhookBot(bot, "s3cret", 1);
    await bot.api.setWebhook(url, { secret_token: "s3cret" });
    const user = emulator.user();
    user.send("ping");
    expect((await user.nextReply()).text).toBe("hook: ping");
    const info = await bot.api.getWebhookInfo();
    expect(info).toMatchObject({ url, pending_update_count: 0 });
    expect(info.last_error_message).toMatch(/500/);
  });

  it("runs a method returned in the webhook response (webhook reply)", async () => {
    emulator = await BotApiEmulator.start();
    const bot = new Bot(emulator.token, {
      client: { apiRoot: emulator.apiRoot, canUseWebhookReply: (method) => method === "sendMessage" },
      botInfo: emulator.botInfo,
    });
    bot.on("message:text", (ctx) => ctx.reply("via reply"));
    await bot.api.setWebhook(await webhookBot(bot, "abc"), { secret_token: "abc" });
    const user = emulator.user();
    user.send("hi");
    expect((await user.nextReply()).text).toBe("via reply");
    await emulator.waitForIdle();
    expect(emulator.callsTo("sendMessage")[0]?.via).toBe("webhook-reply");
  });
});
