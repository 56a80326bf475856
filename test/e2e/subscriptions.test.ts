import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updates } from "../../src/db/updates.js";
import { count, type Harness, labels, press, say, startHarness } from "./delivery-harness.js";

describe("subscriptions", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  it("subscribes and unsubscribes idempotently, with a clear confirmation each time", async () => {
    const user = h.emulator.user({ language_code: "fr" });
    const [first] = await say(h, user, "/subscribe");
    expect(first?.text).toMatch(/chaque mise à jour vous parviendra/);
    const [again] = await say(h, user, "/subscribe");
    expect(again?.text).toMatch(/déjà abonné/);
    expect(count(h, "SELECT COUNT(*) FROM subscriber")).toBe(1);

    const [off] = await say(h, user, "/unsubscribe");
    expect(off?.text).toMatch(/désabonné/);
    const [offAgain] = await say(h, user, "/unsubscribe");
    expect(offAgain?.text).toMatch(/n’étiez pas abonné/);
    expect(count(h, "SELECT COUNT(*) FROM subscriber")).toBe(0);
  });

  it("shows settings with the current choice and changes cadence, hour, weekday and offset in place", async () => {
    const user = h.emulator.user({ language_code: "en" });
    await say(h, user, "/subscribe");
    const [settings] = await say(h, user, "/settings");
    expect(settings?.text).toContain("each update as soon as it’s published");
    expect(labels(settings)).toContain("✓ At once");

    let { answer, replies } = await press(h, user, settings, "Weekly");
    expect(answer?.text).toBe("Saved");
    let shown = user.replies().find((m) => m.message_id === settings?.message_id);
    expect(shown?.text).toContain("a weekly digest on Monday at 09:00 (UTC)");
    expect(labels(shown)).toContain("✓ Weekly");
    expect(replies.length).toBe(0);

    ({ answer } = await press(h, user, shown, "10:00 ▶"));
    shown = user.replies().find((m) => m.message_id === settings?.message_id);
    ({ answer } = await press(h, user, shown, "Tuesday ▶"));
    shown = user.replies().find((m) => m.message_id === settings?.message_id);
    ({ answer } = await press(h, user, shown, "+1 h"));
    shown = user.replies().find((m) => m.message_id === settings?.message_id);
    ({ answer } = await press(h, user, shown, "−15 min"));
    shown = user.replies().find((m) => m.message_id === settings?.message_id);
    expect(shown?.text).toContain("a weekly digest on Tuesday at 10:00 (UTC+00:45)");
    const row = h.app.db
      .prepare("SELECT cadence, digest_hour, digest_weekday, utc_offset_min, next_digest_at FROM subscriber")
      .get() as Record<string, number | string>;
    expect(row).toMatchObject({ cadence: "weekly", digest_hour: 10, digest_weekday: 2, utc_offset_min: 45 });
    expect(row.next_digest_at).toBeGreaterThan(h.now());
    await say(h, user, "/unsubscribe");
  });

  describe.each([
    {
      code: "fr",
      target: "ru",
      button: "Русский",
      title: "Votre abonnement",
      line: "Langue des nouvelles : russe",
      saved: "Enregistré. Langue des nouvelles : russe",
      already: /déjà abonné/,
      body: "Новость",
    },
    {
      code: "en",
      target: "fr",
      button: "Français",
      title: "Your subscription",
      line: "Language of the updates: French",
      saved: "Saved. Language of the updates: French",
      already: /already subscribed/,
      body: "Nouvelle",
    },
    {
      code: "ru",
      target: "en",
      button: "English",
      title: "Ваша подписка",
      line: "Язык новостей: английский",
      saved: "Сохранено. Язык новостей: английский",
      already: /уже подписаны/,
      body: "News",
    },
  ] as const)("a $code subscriber's language buttons in /settings", (c) => {
    const prefOf = (id: number) =>
      h.app.db.prepare("SELECT lang FROM preference WHERE user_key = ?").pluck().get(h.ids.lookupKey(id));
    const subLangOf = (id: number) =>
      h.app.db.prepare("SELECT lang FROM subscriber WHERE chat_key = ?").pluck().get(h.ids.lookupKey(id));

    it("change the language of the updates only: no preference is stored, and Relay still speaks theirs", async () => {
      const user = h.emulator.user({ language_code: c.code });
      const [notYet] = await say(h, user, "/settings");
      // Without a subscription there is no language of the updates to choose.
      expect(labels(notYet)).not.toContain(c.button);
      await say(h, user, "/subscribe");
      const [settings] = await say(h, user, "/settings");
      const { answer } = await press(h, user, settings, c.button);
      expect(answer?.text).toBe(c.saved);
      const shown = user.replies().find((m) => m.message_id === settings?.message_id);
      expect(shown?.text).toContain(c.title);
      expect(shown?.text).toContain(c.line);
      expect(labels(shown)).toContain(`✓ ${c.button}`);
      expect(subLangOf(user.id)).toBe(c.target);
      expect(prefOf(user.id)).toBeUndefined();
      const [reply] = await say(h, user, "/subscribe");
      expect(reply?.text).toMatch(c.already);

      // An update written in all three languages reaches them in the subscription's, and only in it.
      const bodies = { fr: `Nouvelle ${c.code}`, en: `News ${c.code}`, ru: `Новость ${c.code}` };
      updates(h.app.db, h.ids, h.now).publish({
        draftKey: `settings-lang-${c.code}`,
        content: {
          original: c.code,
          bodies: Object.fromEntries(Object.entries(bodies).map(([l, text]) => [l, { text, entities: [] }])),
        },
        sensitive: false,
      });
      h.app.delivery.kick();
      await h.settle();
      const got = (text: string) => user.replies().some((m) => m.text?.includes(text));
      expect(got(bodies[c.target])).toBe(true);
      expect(got(bodies[c.code])).toBe(false);
      await say(h, user, "/unsubscribe");
    });

    it("stay the subscription's choice after /lang, which stores the reading language and moves the subscription", async () => {
      const user = h.emulator.user({ language_code: c.code });
      await say(h, user, "/subscribe");
      await say(h, user, `/lang ${c.target}`);
      expect(prefOf(user.id)).toBe(c.target);
      expect(subLangOf(user.id)).toBe(c.target);
      const [settings] = await say(h, user, "/settings");
      await press(h, user, settings, { fr: "Français", en: "English", ru: "Русский" }[c.code]);
      // The updates go back to their own language; the reading language stays what /lang chose.
      expect(subLangOf(user.id)).toBe(c.code);
      expect(prefOf(user.id)).toBe(c.target);
      await say(h, user, "/unsubscribe");
    });
  });

  it("lets only a group's administrators subscribe it, anonymous ones included", async () => {
    const admin = h.emulator.user({ language_code: "en" });
    const member = h.emulator.user({ language_code: "en" });
    const group = h.emulator.group({ admins: [admin], members: [member] });

    group.send(member, "/subscribe");
    await h.emulator.waitForIdle();
    expect(group.replies().at(-1)?.text).toBe("Only this group’s administrators can do that.");
    expect(count(h, "SELECT COUNT(*) FROM subscriber WHERE is_group = 1")).toBe(0);

    group.send(admin, "/subscribe");
    await h.emulator.waitForIdle();
    expect(group.replies().at(-1)?.text).toMatch(/^This group is subscribed/);
    expect(count(h, "SELECT COUNT(*) FROM subscriber WHERE is_group = 1")).toBe(1);

    group.sendAsAnonymousAdmin("/unsubscribe");
    await h.emulator.waitForIdle();
    expect(group.replies().at(-1)?.text).toMatch(/this group is unsubscribed/);

    group.sendAsAnonymousAdmin("/subscribe");
    await h.emulator.waitForIdle();
    expect(count(h, "SELECT COUNT(*) FROM subscriber WHERE is_group = 1")).toBe(1);

    // A non-admin pressing a settings button is refused and nothing changes.
    group.send(admin, "/settings");
    await h.emulator.waitForIdle();
    const settings = group.replies().at(-1);
    const pressed = await member.press(settings as never, "Daily");
    expect(pressed.answer?.text).toBe("Only this group’s administrators can do that.");
    expect(count(h, "SELECT COUNT(*) FROM subscriber WHERE is_group = 1 AND cadence = 'instant'")).toBe(1);
  });

  it("retires a group that removed the bot and a user who blocked it, at once and counted", async () => {
    const admin = h.emulator.user({ language_code: "en" });
    const group = h.emulator.group({ admins: [admin] });
    group.send(admin, "/subscribe");
    const user = h.emulator.user({ language_code: "en" });
    await say(h, user, "/subscribe");
    const before = count(h, "SELECT COUNT(*) FROM subscriber");
    const lost = count(h, "SELECT COALESCE(SUM(value), 0) FROM counter WHERE name = 'subscribers_lost'");

    group.removeBot(admin);
    user.block();
    await h.emulator.waitForIdle();
    expect(count(h, "SELECT COUNT(*) FROM subscriber")).toBe(before - 2);
    expect(count(h, "SELECT value FROM counter WHERE name = 'subscribers_lost'")).toBe(lost + 2);
  });
});
