import { afterEach, describe, expect, it } from "vitest";
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
});
