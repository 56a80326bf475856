import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotApiEmulator } from "./emulator.js";

let emulator: BotApiEmulator;

/** One raw Bot API call, as a client without grammY would make it. */
async function call(method: string, params: Record<string, unknown> = {}) {
  const res = await fetch(`${emulator.apiRoot}/bot${emulator.token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  return {
    status: res.status,
    body: (await res.json()) as { ok: boolean; result?: unknown; description?: string },
  };
}

const ids = (r: { body: { result?: unknown } }) =>
  (r.body.result as { update_id: number }[]).map((u) => u.update_id);

beforeEach(async () => {
  emulator = await BotApiEmulator.start();
});
afterEach(async () => {
  await emulator.close();
});

describe("getUpdates", () => {
  it("redelivers until an offset confirms, and drops confirmed updates", async () => {
    const user = emulator.user();
    user.send("one");
    user.send("two");
    expect(ids(await call("getUpdates"))).toEqual([1, 2]);
    expect(ids(await call("getUpdates"))).toEqual([1, 2]);
    expect(ids(await call("getUpdates", { offset: 2 }))).toEqual([2]);
    expect(ids(await call("getUpdates", { offset: 3 }))).toEqual([]);
    user.send("three");
    expect(ids(await call("getUpdates", { offset: 3, limit: 1 }))).toEqual([3]);
  });

  it("holds the request for `timeout` seconds and answers as soon as an update arrives", async () => {
    const user = emulator.user();
    const started = Date.now();
    const poll = call("getUpdates", { timeout: 5 });
    setTimeout(() => user.send("late"), 100);
    const r = await poll;
    expect(ids(r)).toEqual([1]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("answers an empty list when the timeout runs out", async () => {
    const started = Date.now();
    expect(ids(await call("getUpdates", { timeout: 1 }))).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("terminates an earlier poll with 409 when a second one arrives", async () => {
    const first = call("getUpdates", { timeout: 5 });
    await new Promise((r) => setTimeout(r, 50));
    const second = call("getUpdates", { timeout: 0 });
    const [a, b] = await Promise.all([first, second]);
    expect(a.status).toBe(409);
    expect(a.body).toEqual({
      ok: false,
      error_code: 409,
      description:
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    });
    expect(b.status).toBe(200);
  });

  it("refuses getUpdates while a webhook is set", async () => {
    expect((await call("setWebhook", { url: "https://example.org/hook" })).status).toBe(400);
    expect((await call("setWebhook", { url: "http://127.0.0.1:9/hook" })).body.result).toBe(true);
    const r = await call("getUpdates");
    expect(r.status).toBe(409);
    expect(r.body.description).toBe(
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
    await call("deleteWebhook");
    expect((await call("getUpdates")).status).toBe(200);
  });

  it("filters new updates by allowed_updates", async () => {
    const user = emulator.user();
    await call("getUpdates", { allowed_updates: ["callback_query"] });
    user.send("ignored");
    expect(ids(await call("getUpdates"))).toEqual([]);
    await call("getUpdates", { allowed_updates: [] });
    user.send("seen");
    expect(ids(await call("getUpdates"))).toHaveLength(1);
  });
});
