import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { plain } from "../core/delivery/content.js";
import { audit } from "./audit.js";
import { autoDeletions } from "./auto-delete.js";
import { conversationStore } from "./conversations.js";
import { createIdentity } from "./identity.js";
import { type Db, openDatabase } from "./open.js";
import { outbox } from "./outbox.js";
import { personalData } from "./personal-data.js";
import { preferences } from "./preferences.js";
import { subscribers } from "./subscribers.js";
import { updates } from "./updates.js";

const ME = 6_200_000_001;
const OTHER = 6_200_000_002;
const content = { original: "en" as const, bodies: { en: plain("Released today.") } };

describe("personalData", () => {
  let db: Db;
  let clock: number;
  const ids = createIdentity(randomBytes(32));
  let store: ReturnType<typeof personalData>;
  let subs: ReturnType<typeof subscribers>;

  beforeEach(() => {
    db = openDatabase(":memory:");
    clock = Date.UTC(2025, 0, 6, 12);
    const now = () => clock;
    const prefs = preferences(db, ids);
    subs = subscribers(db, ids, now);
    store = personalData(db, ids, prefs, subs);
    prefs.setLanguage(ME, "ru");
    prefs.setLanguage(OTHER, "fr");
    subs.subscribe(ME, { isGroup: false, lang: "ru" });
    subs.subscribe(OTHER, { isGroup: false, lang: "fr" });
    const ups = updates(db, ids, now);
    const box = outbox(db, ids, now);
    ups.publish({ draftKey: "a", content, sensitive: false, progress: { chatId: ME, lang: "ru" } });
    for (const row of box.ready(clock, 10)) {
      box.claim(row.id);
      box.sent(row, ids.unseal(row.chatSealed) === ME ? 41 : 42);
    }
    ups.publish({ draftKey: "b", content, sensitive: false });
    conversationStore(db, ids, now).write(String(ME), { draft: "secret text" });
    audit(db, ids, now).record(ME, "post", 1);
    const deletions = autoDeletions(db, ids, now);
    for (const who of [ME, OTHER]) {
      deletions.setDelay(who, 3_600);
      deletions.recordIfOn(who, [77]);
    }
  });

  it("shows a person everything stored about them, opened", () => {
    const mine = store.of(ME, clock);
    expect(mine).toMatchObject({
      chatId: ME,
      language: "ru",
      subscription: { lang: "ru", cadence: "instant", isGroup: false },
      deliveries: { pending: 1, deletions: 0, sent: 1, other: 0 },
      conversation: { updatedAt: clock },
      auditEntries: 1,
      progressMessages: 1,
      autoDelete: { delaySeconds: 3_600, pending: 1 },
    });
    expect(store.of(7_000_000_000, clock)).toEqual({
      chatId: undefined,
      language: undefined,
      subscription: undefined,
      deliveries: { pending: 0, deletions: 0, sent: 0, other: 0 },
      conversation: undefined,
      auditEntries: 0,
      progressMessages: 0,
    });
  });

  it("forgets every row about a person and nobody else's, returning the messages to delete", () => {
    const forgotten = store.forget(ME, clock);
    expect(forgotten).toEqual({
      subscription: true,
      deliveries: 2,
      conversation: true,
      messageIds: [41],
      language: true,
      progressMessages: 1,
      autoDelete: true,
    });
    expect(store.of(ME, clock)).toMatchObject({
      chatId: undefined,
      language: undefined,
      deliveries: { pending: 0, deletions: 0, sent: 0, other: 0 },
      autoDelete: undefined,
    });
    expect(store.of(OTHER, clock)).toMatchObject({
      chatId: OTHER,
      language: "fr",
      deliveries: { pending: 1, sent: 1 },
      autoDelete: { delaySeconds: 3_600, pending: 1 },
    });
  });

  it("deletes all or nothing: one failure rolls every deletion back", () => {
    db.exec(
      "CREATE TEMP TRIGGER refuse BEFORE DELETE ON preference BEGIN SELECT RAISE(ABORT, 'refused'); END",
    );
    expect(() => store.forget(ME, clock)).toThrow("refused");
    expect(store.of(ME, clock)).toMatchObject({
      chatId: ME,
      subscription: { lang: "ru" },
      deliveries: { pending: 1, sent: 1 },
    });
  });

  it("returns no message older than 48 hours to delete", () => {
    clock += 49 * 3_600_000;
    expect(store.forget(ME, clock).messageIds).toEqual([]);
  });
});
