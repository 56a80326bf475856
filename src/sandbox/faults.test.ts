import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotApiEmulator } from "./emulator.js";

let emulator: BotApiEmulator;

beforeEach(async () => {
  emulator = await BotApiEmulator.start();
});
afterEach(async () => {
  await emulator.close();
});

function call(method: string, params: Record<string, unknown> = {}, timeoutMs = 2000) {
  return fetch(`${emulator.apiRoot}/bot${emulator.token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
    signal: AbortSignal.timeout(timeoutMs),
  });
}

describe("faults", () => {
  it("fails the next calls of a method with a scripted error, then recovers", async () => {
    const user = emulator.user();
    emulator.faults.failNext(
      "sendMessage",
      { error_code: 429, description: "Too Many Requests: retry after 3", parameters: { retry_after: 3 } },
      2,
    );
    for (let i = 0; i < 2; i++) {
      const res = await call("sendMessage", { chat_id: user.id, text: "x" });
      expect(res.status).toBe(429);
      expect(await res.json()).toMatchObject({ parameters: { retry_after: 3 } });
    }
    expect((await call("sendMessage", { chat_id: user.id, text: "x" })).status).toBe(200);
    expect(emulator.sent(user.id)).toHaveLength(1); // failed calls had no effect
    expect(emulator.calls.map((c) => c.fault)).toEqual(["fail", "fail", undefined]);
  });

  it("answers 502 Bad Gateway for any method", async () => {
    emulator.faults.status5xx(1);
    const res = await call("getMe");
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ ok: false, error_code: 502, description: "Bad Gateway" });
    expect((await call("getMe")).status).toBe(200);
  });

  it("hangs a call, resets a connection, and can do either after the method ran", async () => {
    const user = emulator.user();
    emulator.faults.hang("getMe");
    await expect(call("getMe", {}, 300)).rejects.toThrow();
    emulator.faults.resetNext("sendMessage", 1, { afterExecute: true });
    await expect(call("sendMessage", { chat_id: user.id, text: "maybe" })).rejects.toThrow();
    expect(emulator.sent(user.id).map((m) => m.text)).toEqual(["maybe"]); // delivered, though the client saw an error
    expect(emulator.faults.log.filter((f) => f.phase === "applied").map((f) => f.kind)).toEqual([
      "hang",
      "reset",
    ]);
  });

  it("goes down and comes back on the same port", async () => {
    const root = emulator.apiRoot;
    await emulator.faults.down(true);
    await expect(call("getMe", {}, 500)).rejects.toThrow();
    await emulator.faults.down(false);
    expect(emulator.apiRoot).toBe(root);
    expect((await call("getMe")).status).toBe(200);
  });

  it("keeps Telegram unreachable until the emulated clock passes the outage's end, for every method", async () => {
    const user = emulator.user();
    emulator.faults.outageUntil(emulator.now() + 600_000);
    for (const method of ["getMe", "getUpdates", "sendMessage"])
      expect((await call(method, { chat_id: user.id, text: "x" })).status).toBe(502);
    emulator.advanceClock(599_000);
    expect((await call("getMe")).status).toBe(502);
    emulator.advanceClock(1_000);
    expect((await call("sendMessage", { chat_id: user.id, text: "after" })).status).toBe(200);
    expect(emulator.sent(user.id).map((m) => m.text)).toEqual(["after"]);

    emulator.faults.outageUntil(emulator.now() + 1000, "reset");
    await expect(call("getMe")).rejects.toThrow();
  });

  it("adds latency to every answer", async () => {
    emulator.faults.latency(150);
    const started = Date.now();
    await call("getMe");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
