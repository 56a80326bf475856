import { afterEach, describe, expect, it } from "vitest";
import type { Lang } from "../../src/core/article/model.js";
import type { UpdateContent } from "../../src/core/delivery/content.js";
import { subscribers } from "../../src/db/subscribers.js";
import { updates } from "../../src/db/updates.js";
import { BotApiEmulator } from "../../src/sandbox/emulator.js";
import type { TestUser } from "../../src/sandbox/test-user.js";
import { count, type Harness, labels, startHarness, TELEGRAM_RATES } from "./delivery-harness.js";

const text = (s: string, lang: Lang = "en"): UpdateContent => ({
  original: lang,
  bodies: { [lang]: { text: s, entities: [] } },
});

/** Subscribes `n` new users straight in the database (what /subscribe does, without its replies). */
function readers(h: Harness, n: number, lang: Lang = "en", options: { started?: boolean } = {}): TestUser[] {
  const subs = subscribers(h.app.db, h.ids, h.now);
  return Array.from({ length: n }, () => {
    const user = h.emulator.user({ language_code: lang, ...options });
    subs.subscribe(user.id, { isGroup: false, lang });
    return user;
  });
}

let draftCounter = 0;
function publish(
  h: Harness,
  content: UpdateContent,
  extra: { sensitive?: boolean; deleteAfterSeconds?: number } = {},
) {
  const result = updates(h.app.db, h.ids, h.now).publish({
    draftKey: `test-${++draftCounter}`,
    content,
    sensitive: extra.sensitive ?? false,
    deleteAfterSeconds: extra.deleteAfterSeconds,
  });
  h.app.delivery.kick();
  return result;
}

const received = (user: TestUser, s: string) =>
  user.replies().filter((m) => (m.text ?? m.caption ?? "").includes(s)).length;

describe("delivery", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("broadcasts at Telegram's rate and never above it: every subscriber once, no 429", async () => {
    h = await startHarness({ rateLimit: TELEGRAM_RATES });
    const users = readers(h, 120);
    const started = Date.now();
    publish(h, text("Broadcast one"));
    await h.settle(20_000);
    const seconds = (Date.now() - started) / 1000;
    expect(users.every((u) => received(u, "Broadcast one") === 1)).toBe(true);
    expect(h.emulator.stats().rateLimited).toBe(0);
    // 120 messages at 30 a second: about 4 s; paced, not slowed.
    expect(seconds).toBeGreaterThan(3.5);
    expect(seconds).toBeLessThan(6);
    expect(labels(users[0]?.lastReply)).toEqual(["Unsubscribe", "Settings"]);
  });

  it("marks every send a paid broadcast above 30 messages a second, and nothing else", async () => {
    h = await startHarness({ env: { BROADCAST_RATE: "60" } });
    const users = readers(h, 3);
    publish(h, text("Paid"));
    await h.settle();
    expect(users.every((u) => u.lastReply?.params.allow_paid_broadcast === true)).toBe(true);
    await h.stop();
    h = await startHarness();
    const free = readers(h, 1);
    publish(h, text("Free"));
    await h.settle();
    expect(free[0]?.lastReply?.params.allow_paid_broadcast).toBeUndefined();
  });

  it("honours retry_after for the whole dispatcher through a 429 storm, losing nothing", async () => {
    h = await startHarness({ rateLimit: TELEGRAM_RATES });
    const users = readers(h, 40);
    h.emulator.faults.failNext(
      "sendMessage",
      { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } },
      3,
    );
    publish(h, text("Storm"));
    await h.settle(20_000);
    expect(users.every((u) => received(u, "Storm") === 1)).toBe(true);
    const calls = h.emulator.callsTo("sendMessage");
    const storm = calls.filter((c) => c.error?.error_code === 429);
    expect(storm).toHaveLength(3);
    // After each 429, nothing is sent to anyone for the second Telegram asked.
    for (const hit of storm) {
      const next = calls.find((c) => c.at > hit.at && c.ok);
      expect((next?.at as number) - hit.at).toBeGreaterThanOrEqual(990);
    }
  });

  it("retires chats on their first 403 or 'chat not found', never retrying them, and counts them", async () => {
    h = await startHarness();
    const users = readers(h, 10);
    const gone = readers(h, 2, "en", { started: false });
    users[0]?.deactivate();
    users[1]?.deactivate();
    const { id } = publish(h, text("To the living"));
    await h.settle();
    const refused = h.emulator.callsTo("sendMessage").filter((c) => !c.ok);
    expect(refused).toHaveLength(4);
    expect(count(h, "SELECT value FROM counter WHERE name = 'subscribers_lost'")).toBe(4);
    expect(count(h, "SELECT COUNT(*) FROM subscriber")).toBe(8);
    expect(updates(h.app.db, h.ids, h.now).get(id)).toMatchObject({ sent: 8, failed: 4 });
    expect(gone.every((u) => received(u, "To the living") === 0)).toBe(true);

    publish(h, text("Second"));
    await h.settle();
    expect(h.emulator.callsTo("sendMessage").filter((c) => !c.ok)).toHaveLength(4);
  });

  it("retries 5xx with backoff, and resends once, counted, when the outcome is unknown", async () => {
    h = await startHarness();
    const users = readers(h, 6);
    h.emulator.faults.status5xx(2);
    h.emulator.faults.resetNext("sendMessage", 1, { afterExecute: true });
    const { id } = publish(h, text("Through faults"));
    await h.settle();
    const copies = users.map((u) => received(u, "Through faults"));
    expect(copies.every((n) => n >= 1)).toBe(true);
    // The reset came after Telegram sent it: one chat may see it twice, never more, and it is counted.
    expect(copies.filter((n) => n === 2).length).toBeLessThanOrEqual(1);
    expect(copies.reduce((a, b) => a + b, 0)).toBe(7);
    expect(updates(h.app.db, h.ids, h.now).get(id)).toMatchObject({ sent: 6, failed: 0, resent: 1 });
    expect(count(h, "SELECT value FROM counter WHERE name = 'ambiguous_resent'")).toBe(1);
  });

  it("follows a group that migrated to a supergroup", async () => {
    h = await startHarness();
    const admin = h.emulator.user({ language_code: "en" });
    const group = h.emulator.group({ type: "group", admins: [admin] });
    subscribers(h.app.db, h.ids, h.now).subscribe(group.id, { isGroup: true, lang: "en" });
    const newId = group.migrate();
    await h.emulator.waitForIdle();
    publish(h, text("To the supergroup"));
    await h.settle();
    expect(group.replies().some((m) => m.text === "To the supergroup")).toBe(true);
    expect(subscribers(h.app.db, h.ids, h.now).get(newId)?.isGroup).toBe(true);
  });

  it("posts to the channel in its language, without buttons, and never a sensitive update", async () => {
    const emulator = await BotApiEmulator.start();
    const chan = emulator.channel({ title: "Relay FR", username: "relayfr" });
    h = await startHarness({ env: { CHANNEL_ID: String(chan.id), CHANNEL_LANGUAGE: "fr" }, emulator });
    readers(h, 1);
    const post = (draftKey: string, sensitive: boolean) =>
      updates(h?.app.db as never, h?.ids as never, h?.now as never).publish({
        draftKey,
        content: {
          original: "en",
          bodies: { en: { text: "In English", entities: [] }, fr: { text: "En français", entities: [] } },
        },
        sensitive,
        deleteAfterSeconds: sensitive ? 3600 : undefined,
        channel: { chatId: chan.id, lang: "fr" },
      });
    post("chan-1", false);
    post("chan-2", true);
    h.app.delivery.kick();
    await h.settle();
    const posts = chan.replies();
    expect(posts.map((m) => m.text)).toEqual(["En français"]);
    expect(posts[0]?.reply_markup).toBeUndefined();
    await emulator.close();
  });

  it("bundles a daily digest at the subscriber's hour, sends sensitive and media ones apart, and nothing when nothing is new", async () => {
    h = await startHarness();
    const subs = subscribers(h.app.db, h.ids, h.now);
    const [user] = readers(h, 1) as [TestUser];
    const hour = (new Date(h.now()).getUTCHours() + 2) % 24;
    subs.change(user.id, { cadence: "daily", hour, offsetMinutes: 0 });
    publish(h, text("First news"));
    publish(h, text("Second news"));
    publish(h, text("Protected news"), { sensitive: true, deleteAfterSeconds: 3600 });
    publish(h, {
      original: "en",
      media: { kind: "photo", fileId: "PHOTO1" },
      bodies: { en: { text: "A photo", entities: [] } },
    });
    await h.settle();
    expect(user.replies().length).toBe(0);

    h.advance(2 * 3_600_000);
    h.app.delivery.digestClock.tick();
    await h.settle();
    const got = user.replies();
    const digest = got.find((m) => m.text?.startsWith("Relay digest: 2 new updates"));
    expect(digest?.text).toContain("First news");
    expect(digest?.text).toContain("Second news");
    expect(labels(digest)).toEqual(["Unsubscribe", "Settings"]);
    expect(got.find((m) => m.text === "Protected news")?.params.protect_content).toBe(true);
    expect(got.find((m) => m.caption === "A photo")).toBeDefined();
    expect(got).toHaveLength(3);

    h.advance(24 * 3_600_000);
    h.app.delivery.digestClock.tick();
    await h.settle();
    expect(user.replies().filter((m) => !m.deleted)).toHaveLength(2);
    expect(user.replies()).toHaveLength(3);
  });

  it("publishes the article to the channel, at most 20 a minute, then a pinned contents linking each section, then the offline files", async () => {
    const emulator = await BotApiEmulator.start();
    const chan = emulator.channel({ title: "Relay", username: "relaychan" });
    h = await startHarness({ env: { CHANNEL_ID: String(chan.id), CHANNEL_LANGUAGE: "en" }, emulator });
    const op = h.freshOperator();
    op.send("/publish");
    // Idle is a heuristic on a loaded machine: wait for the offer itself.
    for (let i = 0; i < 100 && !JSON.stringify(op.lastReply?.reply_markup ?? "").includes("Publish"); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(op.lastReply?.text).toContain("HTML and EPUB");
    // The first file meets a 429 and the next a 502: each is still posted exactly once.
    h.emulator.faults.failNext("sendDocument", {
      error_code: 429,
      description: "Too Many Requests: retry after 3",
      parameters: { retry_after: 3 },
    });
    h.emulator.faults.failNext("sendDocument", { error_code: 502, description: "Bad Gateway" });
    await op.press(op.lastReply as never, "Publish");
    await h.emulator.waitForIdle();
    // The channel takes one post a second: move the clock on rather than wait.
    for (let i = 0; i < 240 && count(h, "SELECT COUNT(*) FROM delivery WHERE state = 'pending'") > 0; i++) {
      h.advance(1000);
      await new Promise((r) => setTimeout(r, 25));
    }
    await h.settle();
    const posts = chan.replies();
    const toc = posts.filter((m) => !m.message.document).at(-1);
    expect(toc?.text).toContain("Contents");
    expect(
      toc?.entities
        ?.filter((e) => e.type === "text_link")
        .every((e) => e.url?.startsWith("https://t.me/relaychan/")),
    ).toBe(true);
    expect(h.emulator.callsTo("pinChatMessage")).toHaveLength(1);
    expect(h.emulator.callsTo("pinChatMessage")[0]?.params.message_id).toBe(toc?.message_id);
    // After the pinned contents: one post per language (the channel's first) and format.
    const files = posts.slice(posts.indexOf(toc as never) + 1);
    expect(files.map((m) => m.message.document?.file_name)).toEqual(
      ["en", "fr", "ru"].flatMap((l) => [`relay-${l}.html`, `relay-${l}.epub`]),
    );
    expect(files[0]?.caption).toContain("SHA-256");
    expect(
      h.emulator
        .callsTo("sendDocument")
        .filter((c) => !c.ok)
        .map((c) => c.error?.error_code),
    ).toEqual([429, 502]);
    expect(files[2]?.caption).toContain("L’article entier en français");
    const times = h.emulator
      .callsTo("sendMessage")
      .concat(h.emulator.callsTo("sendDocument"))
      .filter((c) => c.params.chat_id === chan.id)
      .map((c) => c.at)
      .sort((a, b) => a - b);
    expect(times.filter((t) => t < (times[0] as number) + 60_000).length).toBeLessThanOrEqual(20);
    expect(count(h, "SELECT COUNT(*) FROM audit WHERE action = 'publish'")).toBe(1);
    await h.stop();
    h = undefined;
    await emulator.close();
  });
});
