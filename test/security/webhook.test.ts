import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "./free-port.js";
import { type Relay, startRelay } from "./harness.js";

const SECRET = "wh-secret_0123456789abcdef";
let relay: Relay | undefined;
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

async function webhookRelay(now?: () => number): Promise<{ relay: Relay; url: string; port: number }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/telegram/hook-3f9c`;
  relay = await startRelay({ env: { WEBHOOK_URL: url, WEBHOOK_SECRET: SECRET, PORT: String(port) }, now });
  return { relay, url, port };
}

function forgedUpdate(userId: number, text: string) {
  const user = { id: userId, is_bot: false, first_name: "Mallory", language_code: "ru" };
  return {
    update_id: 900_001,
    message: {
      message_id: 1,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: "private", first_name: "Mallory" },
      from: user,
      text,
      entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? 0 }],
    },
  };
}

describe("webhook mode", () => {
  it("sets the webhook with its secret and update kinds, never with the token, and serves updates", async () => {
    const { relay, url } = await webhookRelay();
    const set = relay.emulator.callsTo("setWebhook").at(-1);
    expect(set?.ok).toBe(true);
    expect(set?.params.url).toBe(url);
    expect(set?.params.secret_token).toBe(SECRET);
    expect(String(set?.params.url)).not.toContain(relay.emulator.token.split(":")[1]);
    expect(set?.params.allowed_updates).toEqual(
      expect.arrayContaining(["message", "callback_query", "inline_query"]),
    );
    expect(relay.emulator.callsTo("getUpdates")).toHaveLength(0);

    const user = relay.emulator.user({ language_code: "en" });
    user.send("/privacy");
    const reply = await user.nextReply(5000);
    expect(reply.text).toContain("What Relay stores about you");
  });

  it("refuses a request with a missing or wrong secret with 401 and never processes it", async () => {
    const { relay, url } = await webhookRelay();
    const victim = 4_100_000_001;
    for (const headers of [
      {} as Record<string, string>,
      { "X-Telegram-Bot-Api-Secret-Token": "wrong-secret-0123456789" },
      { "X-Telegram-Bot-Api-Secret-Token": `${SECRET}x` },
    ]) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(forgedUpdate(victim, "/lang ru")),
      });
      expect(res.status).toBe(401);
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(relay.emulator.callsTo("sendMessage").filter((c) => c.params.chat_id === victim)).toHaveLength(0);
    expect(relay.app.db.prepare("SELECT COUNT(*) AS n FROM preference").get()).toEqual({ n: 0 });

    // The same update with the right secret is processed: the refusal was the secret's doing.
    const ok = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
      body: JSON.stringify(forgedUpdate(victim, "/lang ru")),
    });
    expect(ok.status).toBe(200);
    expect(relay.app.db.prepare("SELECT COUNT(*) AS n FROM preference").get()).toEqual({ n: 1 });
  });

  it("logs refused requests at most once a minute, counting the ones it left out", async () => {
    let clock = Date.UTC(2026, 0, 5, 12);
    const { relay, url } = await webhookRelay(() => clock);
    const probe = (headers: Record<string, string>, body = "{}") =>
      fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    const refusals = () => relay.logs.filter((l) => l.includes("refused")).map((l) => JSON.parse(l));
    for (let i = 0; i < 20; i++) expect((await probe({})).status).toBe(401);
    expect((await probe({ "X-Telegram-Bot-Api-Secret-Token": SECRET }, "{not json")).status).toBe(400);
    expect(refusals()).toHaveLength(1);
    clock += 59_000;
    await probe({ "X-Telegram-Bot-Api-Secret-Token": "wrong-secret-0123456789" });
    expect(refusals()).toHaveLength(1);
    clock += 2_000;
    await probe({});
    expect(refusals()).toHaveLength(2);
    expect(refusals()[1]).toMatchObject({ unloggedSinceLast: 21, msg: expect.stringContaining("secret") });
  });

  it("answers other paths and methods without reaching the bot, and bad JSON with 400", async () => {
    const { url, port } = await webhookRelay();
    expect((await fetch(url)).status).toBe(405);
    expect((await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "{}" })).status).toBe(404);
    const bad = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
      body: "{not json",
    });
    expect(bad.status).toBe(400);
  });

  it("serves /healthz in webhook mode", async () => {
    const { port } = await webhookRelay();
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; mode: string; database: { writable: boolean } };
    expect(body).toMatchObject({ ok: true, mode: "webhook", database: { writable: true } });
  });
});

describe("/healthz in polling mode", () => {
  it("reports the database and the update loop, and 503 once the database is gone", async () => {
    relay = await startRelay({ httpPort: 0 });
    const port = relay.app.front.port;
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { loops: Record<string, Record<string, unknown>> };
    expect(body.loops.updates).toEqual({ ok: true });
    // No time of any kind: when a loop last worked says when someone was last served.
    expect(JSON.stringify(body)).not.toMatch(/\d{4}-\d\d-\d\dT|\d{9,}|lastWorkAt|age/i);
    relay.app.db.close();
    const down = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(down.status).toBe(503);
  });
});

describe("where the HTTP server listens", () => {
  it("on 127.0.0.1 unless HTTP_HOST says otherwise", async () => {
    relay = await startRelay({ httpPort: 0 });
    expect(relay.app.front.host).toBe("127.0.0.1");
    await relay.stop();
    relay = await startRelay({ httpPort: 0, env: { HTTP_HOST: "0.0.0.0" } });
    expect(relay.app.front.host).toBe("0.0.0.0");
  });
});

describe("/healthz reports every background loop", () => {
  it("names the digest clock, progress messages and retention, and answers 503 while one of them fails", async () => {
    relay = await startRelay({ httpPort: 0 });
    const { app } = relay;
    const url = `http://127.0.0.1:${app.front.port}/healthz`;
    type Body = { ok: boolean; loops: Record<string, { ok: boolean }> };
    const healthy = (await (await fetch(url)).json()) as Body;
    expect(Object.keys(healthy.loops).sort()).toEqual([
      "digests",
      "dispatcher",
      "progress",
      "retention",
      "updates",
    ]);
    expect(healthy.loops.digests?.ok).toBe(true);

    // One digest tick fails (its table is gone for a moment): /healthz says so, and recovers with the loop.
    const clock = app.delivery.digestClock;
    app.db.exec("ALTER TABLE subscriber RENAME TO subscriber_away");
    clock.health.run(clock.tick);
    const sick = await fetch(url);
    expect(sick.status).toBe(503);
    expect(((await sick.json()) as Body).loops.digests?.ok).toBe(false);
    app.db.exec("ALTER TABLE subscriber_away RENAME TO subscriber");
    clock.health.run(clock.tick);
    expect((await fetch(url)).status).toBe(200);
  });
});
