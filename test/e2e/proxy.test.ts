import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { BotApiEmulator } from "../../src/sandbox/emulator.js";
import { until } from "../fault/relay-process.js";
import { startTestProxy, type TestProxy } from "../support/test-proxy.js";
import {
  type Harness,
  labels,
  lastWithButtons,
  say,
  startHarness,
  TELEGRAM_RATES,
} from "./delivery-harness.js";

const AUTH = { user: "relay", password: "pr0xy-s3cret" };

describe.each(["socks5", "http"] as const)("TELEGRAM_PROXY=%s://…", (kind) => {
  let h: Harness | undefined;
  let proxy: TestProxy | undefined;
  afterEach(async () => {
    await h?.stop();
    await proxy?.close();
    h = undefined;
    proxy = undefined;
  });

  it("carries every Bot API call: polling, replies, the operator's conversation and the deliveries", async () => {
    proxy = await startTestProxy(kind, AUTH);
    const emulator = await BotApiEmulator.start({ rateLimit: TELEGRAM_RATES });
    h = await startHarness({ emulator, env: { TELEGRAM_PROXY: proxy.url } });
    const reader = emulator.user({ language_code: "ru" });
    await say(h, reader, "/subscribe");

    const op = h.operator;
    const harness = h;
    // Telegram's limits are on: the bot may be waiting out a 429, so wait for each step, not for idleness.
    const choose = async (label: string) => {
      await until(() => labels(lastWithButtons(op)).includes(label), 20_000, label);
      await op.press(lastWithButtons(op) as never, label);
    };
    op.send("/post");
    await until(() => /^Send the update/.test(op.lastReply?.text ?? ""), 20_000, "/post");
    op.send("Through the proxy.");
    await choose("English");
    await choose("No more languages");
    await choose("Not sensitive");
    await choose("Publish");
    await until(
      () => harness.app.db.prepare("SELECT COUNT(*) FROM news_update").pluck().get() === 1,
      20_000,
      "publish",
    );
    await h.settle();
    await h.app.delivery.progress.tick();
    await h.emulator.waitForIdle();
    expect(reader.lastReply?.text).toMatch(/Through the proxy\.$/);

    // Every call the emulator answered came through the proxy, whichever Api made it.
    const answered = emulator.calls.map((c) => c.method);
    for (const method of ["getUpdates", "sendMessage", "answerCallbackQuery", "editMessageText"])
      expect(answered, method).toContain(method);
    const through = proxy.methods;
    const tally = (list: readonly string[]) =>
      list.reduce<Record<string, number>>((n, m) => Object.assign(n, { [m]: (n[m] ?? 0) + 1 }), {});
    // A poll still open when counted may be seen by the proxy and not yet answered.
    const { getUpdates: polledThrough = 0, ...restThrough } = tally(through);
    const { getUpdates: polled = 0, ...rest } = tally(answered);
    expect(restThrough).toEqual(rest);
    expect(polledThrough - polled).toBeGreaterThanOrEqual(0);
    expect(polledThrough - polled).toBeLessThanOrEqual(1);
    expect(proxy.refused).toBe(0);
    // The credentials are used, never written down.
    expect(h.logs.join("\n")).not.toContain(AUTH.password);
    expect(h.logs.some((l) => l.includes("Bot API through a proxy") && l.includes(`"proxy":"${kind}"`))).toBe(
      true,
    );
  }, 60_000);

  it("logs no credential when the proxy refuses them", async () => {
    proxy = await startTestProxy(kind, AUTH);
    const emulator = await BotApiEmulator.start();
    const dir = mkdtempSync(join(tmpdir(), "relay-proxy-"));
    const lines: string[] = [];
    const logger = createLogger("debug", { write: (line: string) => void lines.push(line) });
    const dataKey = randomBytes(32);
    const config = loadConfig({
      BOT_TOKEN: emulator.token,
      TELEGRAM_API_ROOT: emulator.apiRoot,
      DATA_KEY: dataKey.toString("hex"),
      DATABASE_PATH: join(dir, "relay.db"),
      TELEGRAM_PROXY: proxy.url.replace(AUTH.password, "wr0ng-s3cret"),
    });
    const app = createApp({
      config: { ...config, token: emulator.token, dataKey },
      logger,
      botInfo: emulator.botInfo,
    });
    try {
      // As main.ts does while Telegram cannot be reached at start: log the error and try again later.
      const err = await app.start().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeDefined();
      logger.warn({ err }, "could not reach Telegram; retrying");
      expect(proxy.refused).toBeGreaterThan(0);
      expect(emulator.calls).toHaveLength(0);
      const logs = lines.join("\n");
      expect(logs).toContain("could not reach Telegram");
      expect(logs).not.toContain("wr0ng-s3cret");
      expect(logs).not.toContain(`${AUTH.user}:`);
    } finally {
      await app.stop();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
