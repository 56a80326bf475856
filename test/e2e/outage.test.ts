/** Telegram unreachable in the middle of a broadcast, with its limits on: waited out, never charged. */
import { afterEach, describe, expect, it } from "vitest";
import type { Lang } from "../../src/core/article/model.js";
import { subscribers } from "../../src/db/subscribers.js";
import { updates } from "../../src/db/updates.js";
import type { TestUser } from "../../src/sandbox/test-user.js";
import { count, type Harness, OPERATOR_IDS, startHarness, TELEGRAM_RATES } from "./delivery-harness.js";

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(20);
  }
}

function readers(h: Harness, n: number, lang: Lang): TestUser[] {
  const subs = subscribers(h.app.db, h.ids, h.now);
  return Array.from({ length: n }, () => {
    const user = h.emulator.user({ language_code: lang });
    subs.subscribe(user.id, { isGroup: false, lang });
    return user;
  });
}

/** Publishes like /post does: an update, and a progress message in the operator's chat. */
async function post(h: Harness, op: TestUser, lang: Lang, text: string) {
  const ups = updates(h.app.db, h.ids, h.now);
  const shown = await h.emulator.invoke("sendMessage", { chat_id: op.id, text: "…" });
  if (!shown.ok) throw new Error("progress message refused");
  h.advance(1000); // sent outside the bot's budget: let its second pass before the broadcast starts
  const { id } = ups.publish({
    draftKey: `outage-${text}`,
    content: { original: lang, bodies: { [lang]: { text, entities: [] } } },
    sensitive: false,
    progress: { chatId: op.id, lang },
  });
  ups.setProgressMessage(id, (shown.result as { message_id: number }).message_id);
  h.app.delivery.kick();
  return id;
}

const received = (user: TestUser, s: string) =>
  user.replies().filter((m) => (m.text ?? "").includes(s)).length;

const QUARTER = 15 * 60_000;

describe("a Telegram outage", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("of 10 minutes mid-broadcast to 1,000 subscribers is waited out: each served once, none failed, the operator told", async () => {
    h = await startHarness({ rateLimit: TELEGRAM_RATES });
    const harness = h;
    const op = h.emulator.user({ id: OPERATOR_IDS[3], language_code: "fr", first_name: "Op" });
    // Two minutes before a quarter hour: a daily digest falls due at that quarter hour, mid-outage.
    const slot = Math.ceil((h.now() + 3 * 60_000) / QUARTER) * QUARTER;
    h.advance(slot - 2 * 60_000 - h.now());
    const minutes = new Date(slot).getUTCMinutes();
    const [digestReader] = readers(h, 1, "ru") as [TestUser];
    subscribers(h.app.db, h.ids, h.now).change(digestReader.id, {
      cadence: "daily",
      hour: new Date(slot - minutes * 60_000).getUTCHours(),
      offsetMinutes: -minutes,
    });
    const users = readers(h, 1000, "fr");
    const id = await post(h, op, "fr", "Coupure annoncée");
    h.app.delivery.digestClock.tick();
    expect(count(h, "SELECT COUNT(*) FROM delivery WHERE kind = 'digest'")).toBe(0);

    await until("a third served", () => users.filter((u) => received(u, "Coupure") > 0).length >= 300);
    const outageStart = h.emulator.now();
    const outageEnd = outageStart + 10 * 60_000;
    h.emulator.faults.outageUntil(outageEnd);
    await until("the outage to be noticed", () => harness.app.delivery.dispatcher.reach.down);
    const servedBefore = users.filter((u) => received(u, "Coupure") > 0).length;
    expect(servedBefore).toBeLessThan(1000);

    // Ten minutes on the injected clock, 10 s a step; the progress and digest clocks run as they would.
    while (h.emulator.now() < outageEnd + 10_000) {
      h.advance(10_000);
      h.app.delivery.digestClock.tick();
      await h.app.delivery.progress.tick();
      await pause(30);
    }
    // Speed the rest of the broadcast up too: the limiter and the pacer share the injected clock.
    await until("the broadcast to finish", () => {
      harness.advance(200);
      return count(harness, "SELECT COUNT(*) FROM delivery WHERE state IN ('pending', 'sending')") === 0;
    });
    await h.settle(30_000);
    await h.app.delivery.progress.tick();
    await h.emulator.waitForIdle();

    expect(users.every((u) => received(u, "Coupure annoncée") === 1)).toBe(true);
    expect(updates(h.app.db, h.ids, h.now).get(id)).toMatchObject({ sent: 1000, failed: 0, resent: 0 });
    // Nobody was charged for Telegram's outage: every row went out on the one attempt that counts.
    expect(count(h, "SELECT MAX(attempts) FROM delivery WHERE kind = 'update'")).toBe(1);
    const limited = h.emulator.calls.filter((c) => c.error?.error_code === 429);
    expect(limited.map((c) => [c.method, c.at - outageEnd, c.error?.description])).toEqual([]);

    const during = h.emulator.calls.filter((c) => c.at >= outageStart && c.at < outageEnd);
    // Sends in flight when it began, then nothing but probes, at most a minute apart (plus one 10 s step).
    expect(during.filter((c) => c.method === "sendMessage").length).toBeLessThanOrEqual(6);
    const probes = during.filter((c) => c.method === "getMe").map((c) => c.at);
    expect(probes.length).toBeGreaterThanOrEqual(10);
    for (let i = 1; i < probes.length; i++)
      expect((probes[i] as number) - (probes[i - 1] as number)).toBeLessThanOrEqual(70_000);
    const after = h.emulator.calls.find((c) => c.at >= outageEnd && c.method === "sendMessage" && c.ok);
    expect((after?.at as number) - outageEnd).toBeLessThanOrEqual(70_000);

    // The digest due mid-outage went out once, after it, with what it would have carried.
    const digests = digestReader.replies();
    expect(digests).toHaveLength(1);
    expect(digests[0]?.text).toMatch(/^Сводка Relay: 1 новость/);
    expect(digests[0]?.text).toContain("Coupure annoncée");
    const digestSent = h.emulator.calls.find((c) => c.params.chat_id === digestReader.id && c.ok);
    expect(digestSent?.at).toBeGreaterThanOrEqual(outageEnd);

    // While it lasted, the operator's message said so (the edit could not land: Telegram was down).
    const tried = during
      .filter((c) => c.method === "editMessageText" && c.params.chat_id === op.id)
      .map((c) => String(c.params.text));
    const line = tried
      .map((t) =>
        /Telegram injoignable depuis (\d{4}-\d\d-\d\d \d\d:\d\d) UTC : (\d+) envois attendent/.exec(t),
      )
      .find(Boolean);
    expect(line?.[1]).toBe(new Date(outageStart).toISOString().slice(0, 16).replace("T", " "));
    expect(Number(line?.[2])).toBe(1000 - servedBefore);
    // And the summary says what happened, apart from the failures.
    const summary = op.replies().find((m) => m.text?.startsWith(`Mise à jour n° ${id} diffusée`))?.text;
    expect(summary).toMatch(/remis : 1000 sur 1000 ; échecs : 0 ;/);
    expect(summary).toMatch(
      new RegExp(
        `Telegram a été injoignable à partir de .* pendant 1\\d min \\d\\d s : ${1000 - servedBefore} envois ont attendu`,
      ),
    );
  }, 180_000);

  it("past DELIVERY_MAX_AGE_HOURS, an update that waited out a long outage is counted failed, never sent stale", async () => {
    h = await startHarness({ rateLimit: TELEGRAM_RATES, env: { DELIVERY_MAX_AGE_HOURS: "1" } });
    const harness = h;
    const users = readers(h, 3, "en");
    const op = h.emulator.user({ id: OPERATOR_IDS[4], language_code: "en", first_name: "Op" });
    const outageEnd = h.emulator.now() + 2 * 3_600_000;
    h.emulator.faults.outageUntil(outageEnd); // in-process calls (the progress message) are not faulted
    const id = await post(h, op, "en", "Old news");
    await until("the outage to be noticed", () => harness.app.delivery.dispatcher.reach.down);
    while (h.emulator.now() < outageEnd + 60_000) {
      h.advance(60_000);
      await pause(10);
    }
    await until("Telegram to answer again", () => !harness.app.delivery.dispatcher.reach.down);
    await h.settle();
    expect(users.every((u) => received(u, "Old news") === 0)).toBe(true);
    expect(updates(h.app.db, h.ids, h.now).get(id)).toMatchObject({ sent: 0, failed: 3 });
    expect(h.logs.filter((l) => l.includes("older than DELIVERY_MAX_AGE_HOURS")).length).toBeGreaterThan(0);
  }, 120_000);

  // The one test that lives through an outage in real time: the listener closed for 90 s (refused connections).
  it("of 90 real seconds mid-broadcast is waited out the same way, /healthz saying degraded meanwhile", async () => {
    h = await startHarness({ rateLimit: TELEGRAM_RATES });
    const harness = h;
    const op = h.emulator.user({ id: OPERATOR_IDS[5], language_code: "ru", first_name: "Op" });
    const users = readers(h, 150, "en");
    const id = await post(h, op, "ru", "Outage news");
    await until("60 served", () => users.filter((u) => received(u, "Outage news") > 0).length >= 60);
    await h.emulator.faults.down(true);
    const downAt = Date.now();
    await until("the outage to be noticed", () => harness.app.delivery.dispatcher.reach.down);
    const servedBefore = users.filter((u) => received(u, "Outage news") > 0).length;
    expect(servedBefore).toBeLessThan(150);
    await pause(4000); // at least one progress round while it lasts
    expect(h.app.front.report()).toMatchObject({
      ok: true,
      status: "degraded",
      telegram: { reachable: false },
    });
    await pause(90_000 - (Date.now() - downAt));
    await h.emulator.faults.down(false);
    const upAt = Date.now();
    await until("Telegram to be seen again", () => !harness.app.delivery.dispatcher.reach.down, 70_000);
    expect(Date.now() - upAt).toBeLessThanOrEqual(61_000);
    await h.settle(30_000);
    await h.app.delivery.progress.tick();
    await h.emulator.waitForIdle();

    expect(users.every((u) => received(u, "Outage news") === 1)).toBe(true);
    expect(updates(h.app.db, h.ids, h.now).get(id)).toMatchObject({ sent: 150, failed: 0 });
    expect(count(h, "SELECT MAX(attempts) FROM delivery WHERE kind = 'update'")).toBe(1);
    expect(h.emulator.stats().rateLimited).toBe(0);
    const summary = op.replies().find((m) => m.text?.startsWith(`Новость № ${id} разослана`));
    expect(summary?.text).toMatch(/Telegram был недоступен с .* UTC в течение \d min \d\d s: \d+ отправ/);
    // Readers are answered again too: polling resumed.
    const reader = users[0] as TestUser;
    const asked = reader.send("/help");
    await until("a reply to /help", () => reader.replies({ after: asked.message_id }).length > 0, 30_000);
    // And /healthz is back to ok once polling has an answer again.
    await until("/healthz to say ok", () => harness.app.front.report().status === "ok", 30_000);
    expect(h.app.front.report()).toMatchObject({ ok: true, telegram: { reachable: true } });
  }, 300_000);
});
