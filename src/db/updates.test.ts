import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { LANGS } from "../core/article/model.js";
import type { UpdateContent } from "../core/delivery/content.js";
import { subscriberLanguage } from "../core/language.js";
import { digests } from "./digests.js";
import { createIdentity } from "./identity.js";
import { type Db, openDatabase } from "./open.js";
import { outbox } from "./outbox.js";
import { preferences } from "./preferences.js";
import { subscribers } from "./subscribers.js";
import { updates } from "./updates.js";

const content: UpdateContent = { original: "fr", bodies: { fr: { text: "Libérée", entities: [] } } };
const HOUR = 3_600_000;

describe("updates", () => {
  const ids = createIdentity(randomBytes(32));
  let clock = 1_700_000_000_000;
  const now = () => clock;
  let db: Db;
  let subs: ReturnType<typeof subscribers>;
  let ups: ReturnType<typeof updates>;
  let box: ReturnType<typeof outbox>;

  /** Sends every pending row of an update, message ids from 100 on. */
  function deliverAll(updateId: number): void {
    let messageId = 100;
    for (const row of box.ready(clock, 100).filter((r) => r.updateId === updateId)) {
      box.claim(row.id);
      box.sent(row, messageId++);
    }
  }
  const langs = () =>
    db.prepare("SELECT is_group, lang FROM delivery WHERE kind = 'update' ORDER BY is_group").all();

  beforeEach(() => {
    clock = 1_700_000_000_000;
    db = openDatabase(":memory:");
    subs = subscribers(db, ids, now);
    ups = updates(db, ids, now);
    box = outbox(db, ids, now);
  });

  it("snapshots the instant subscribers at publication: later ones and digest readers are not included", () => {
    subs.subscribe(1, { isGroup: false, lang: "fr" });
    subs.subscribe(2, { isGroup: false, lang: "en" });
    subs.change(2, { cadence: "daily" });
    const published = ups.publish({ draftKey: "a", content, sensitive: false });
    subs.subscribe(3, { isGroup: false, lang: "ru" });
    expect(published).toEqual({ id: 1, created: true, recipients: 1 });
    expect(db.prepare("SELECT COUNT(*) FROM delivery").pluck().get()).toBe(1);
    expect(ups.get(1)).toMatchObject({
      kind: "update",
      content,
      sensitive: false,
      version: 1,
      recipients: 1,
    });
  });

  it("sends every copy in its subscription's language, whatever reading language a person saved", () => {
    const prefs = preferences(db, ids);
    subs.subscribe(1, { isGroup: false, lang: "fr" });
    subs.subscribe(-100, { isGroup: true, lang: "en" });
    prefs.setLanguage(1, "ru");
    prefs.setLanguage(100, "ru");
    ups.publish({ draftKey: "a", content, sensitive: false });
    expect(langs()).toEqual([
      { is_group: 0, lang: "fr" },
      { is_group: 1, lang: "en" },
    ]);
  });

  it("decides a copy's language by core's rule alone, in the fan-out and in the digests, for every case", () => {
    const prefs = preferences(db, ids);
    const cases: Array<{
      chat: number;
      lang: (typeof LANGS)[number];
      group: boolean;
      saved?: (typeof LANGS)[number];
    }> = [];
    let chat = 10;
    for (const lang of LANGS)
      for (const group of [false, true])
        for (const saved of [undefined, ...LANGS])
          cases.push({ chat: group ? -chat++ : chat++, lang, group, saved });
    for (const c of cases) {
      subs.subscribe(c.chat, { isGroup: c.group, lang: c.lang });
      // A group's id is negative: a person with the same digits saves a choice, which must not leak.
      if (c.saved) prefs.setLanguage(Math.abs(c.chat), c.saved);
    }
    ups.publish({ draftKey: "a", content, sensitive: false });
    const expected = (c: (typeof cases)[number]) =>
      subscriberLanguage(c.lang, c.group, c.group ? undefined : c.saved);
    const byKey = new Map(
      (
        db.prepare("SELECT chat_key, lang FROM delivery").all() as Array<{ chat_key: Buffer; lang: string }>
      ).map((r) => [r.chat_key.toString("hex"), r.lang]),
    );
    for (const c of cases) expect(byKey.get(ids.lookupKey(c.chat).toString("hex"))).toBe(expected(c));
    for (const c of cases) subs.change(c.chat, { cadence: "daily" });
    const due = new Map(
      digests(db, now)
        .due(clock + 2 * 86_400_000, 1000)
        .map((d) => [d.chatKey.toString("hex"), d.lang]),
    );
    for (const c of cases) expect(due.get(ids.lookupKey(c.chat).toString("hex"))).toBe(expected(c));
  });

  it("gives the channel non-sensitive updates only", () => {
    const channel = { chatId: "@relay_news", lang: "en" as const };
    expect(ups.publish({ draftKey: "a", content, sensitive: false, channel }).recipients).toBe(1);
    expect(
      ups.publish({ draftKey: "b", content, sensitive: true, deleteAfterSeconds: 3600, channel }).recipients,
    ).toBe(0);
  });

  it("retracts: pending copies stop, sent ones within 48 hours are deleted, older ones counted too old", () => {
    for (const chat of [1, 2, 3]) subs.subscribe(chat, { isGroup: false, lang: "fr" });
    const { id } = ups.publish({ draftKey: "a", content, sensitive: false });
    const [first, second] = box.ready(clock, 10);
    if (!first || !second) throw new Error("no rows");
    box.claim(first.id);
    box.sent(first, 7);
    clock += 49 * HOUR;
    box.claim(second.id);
    box.sent(second, 8);
    expect(ups.retract(id)).toEqual({
      cancelled: 1,
      deletions: 1,
      tooOld: 1,
      digests: 0,
      digestsTooOld: 0,
      digestsPending: 0,
    });
    expect(ups.get(id)?.retractedAt).toBe(clock);
    expect(ups.retract(999)).toBeUndefined();
    expect(ups.edit(id, content)).toBeUndefined(); // a retracted update is not edited
  });

  it("edits: the content and its version change, and each copy sent within 48 hours gets a correction", () => {
    subs.subscribe(1, { isGroup: false, lang: "fr" });
    const { id } = ups.publish({ draftKey: "a", content, sensitive: false });
    deliverAll(id);
    const fixed: UpdateContent = { original: "fr", bodies: { fr: { text: "Libérée hier", entities: [] } } };
    expect(ups.edit(id, fixed)).toEqual({ edits: 1, tooOld: 0, digests: 0, digestsTooOld: 0 });
    expect(ups.get(id)).toMatchObject({ content: fixed, version: 2, editedAt: clock });
    expect(ups.withinEditWindow(id)).toBe(true);
    clock += 49 * HOUR;
    expect(ups.withinEditWindow(id)).toBe(false);
    expect(ups.edit(id, content)).toEqual({ edits: 0, tooOld: 1, digests: 0, digestsTooOld: 0 });
  });

  it("stores the content sealed: the database shows no text", () => {
    ups.publish({ draftKey: "a", content, sensitive: false });
    const blob = db.prepare("SELECT content FROM news_update").pluck().get() as Buffer;
    expect(blob.includes(Buffer.from("Libérée"))).toBe(false);
  });

  it("purges old updates once nothing of them is pending", () => {
    subs.subscribe(1, { isGroup: false, lang: "fr" });
    const pending = ups.publish({ draftKey: "a", content, sensitive: false }).id;
    const done = ups.publish({ draftKey: "b", content, sensitive: false }).id;
    deliverAll(done);
    expect(ups.purgeBefore(clock + 1)).toBe(1);
    expect(ups.get(done)).toBeUndefined();
    expect(ups.get(pending)).toBeDefined();
    expect(ups.totals()).toEqual({ updates: 1, sent: 0, failed: 0 });
  });
});
