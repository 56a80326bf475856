import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { webhookHandler } from "../../src/server/webhook.js";
import { freePort } from "./free-port.js";
import { type Relay, startRelay } from "./harness.js";

const SECRET = "wh-secret_0123456789abcdef";
let relay: Relay | undefined;
let server: Server | undefined;
const rejections: unknown[] = [];
const onRejection = (err: unknown) => void rejections.push(err);
afterEach(async () => {
  process.off("unhandledRejection", onRejection);
  await new Promise((r) => server?.close(r) ?? r(undefined));
  await relay?.stop();
  relay = server = undefined;
});

/** The real bot in webhook mode, plus a second endpoint on its webhook handler with a 300 ms timeout. */
async function shortTimeoutRelay() {
  const port = await freePort();
  relay = await startRelay({
    env: { WEBHOOK_URL: `http://127.0.0.1:${port}/telegram`, WEBHOOK_SECRET: SECRET, PORT: String(port) },
  });
  const logs = relay.logs;
  const handle = webhookHandler(
    relay.app.bot,
    SECRET,
    createLogger("warn", { write: (l: string) => void logs.push(l) }),
    () => undefined,
    Date.now,
    300,
  );
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => server?.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  process.on("unhandledRejection", onRejection);
  let updateId = 700_000;
  const post = async (chatId: number, text: string) => {
    const started = Date.now();
    const from = { id: chatId, is_bot: false, first_name: "Dana", language_code: "en" };
    const message = {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "private", first_name: "Dana" },
      from,
      text,
      entities: [{ type: "bot_command", offset: 0, length: text.length }],
    };
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
      body: JSON.stringify({ update_id: updateId++, message }),
    });
    return { status: res.status, ms: Date.now() - started };
  };
  return { relay, post };
}

const handlerFailed = (logs: string[]) => logs.filter((l) => l.includes('"handler failed"')).length;

describe("webhook: a handler that throws or outlives the timeout", () => {
  it("answers 200 when the handler throws, logs it once at the error boundary, and serves the next update", async () => {
    const { relay, post } = await shortTimeoutRelay();
    const user = relay.emulator.user({ language_code: "en" });
    relay.emulator.faults.failNext("sendMessage", {
      error_code: 400,
      description: "Bad Request: chat not found",
    });
    expect((await post(user.id, "/privacy")).status).toBe(200);
    expect(handlerFailed(relay.logs)).toBe(1);
    const reply = user.nextReply(5000);
    expect((await post(user.id, "/privacy")).status).toBe(200);
    expect((await reply).text).toContain("What Relay stores about you");
    expect(rejections).toEqual([]);
  });

  it("answers 200 at the timeout, then lets the slow handler finish, or fail, in the background", async () => {
    const { relay, post } = await shortTimeoutRelay();
    const user = relay.emulator.user({ language_code: "en" });
    relay.emulator.faults.latency(1500);
    const reply = user.nextReply(8000);
    const slow = await post(user.id, "/privacy");
    expect(slow.status).toBe(200);
    expect(slow.ms).toBeLessThan(1500); // answered before the handler's reply got through
    expect((await reply).text).toContain("What Relay stores about you");

    // The same, with the late reply failing: the boundary logs it; nothing is left unhandled.
    relay.emulator.faults.failNext("sendMessage", {
      error_code: 400,
      description: "Bad Request: chat not found",
    });
    expect((await post(user.id, "/privacy")).status).toBe(200);
    const deadline = Date.now() + 8000;
    while (handlerFailed(relay.logs) === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    relay.emulator.faults.latency(0);
    expect(handlerFailed(relay.logs)).toBe(1);
    expect(rejections).toEqual([]);
  });
});
