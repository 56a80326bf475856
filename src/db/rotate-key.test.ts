import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { plain } from "../core/delivery/content.js";
import { audit } from "./audit.js";
import { autoDeletions } from "./auto-delete.js";
import { conversationStore } from "./conversations.js";
import { createIdentity } from "./identity.js";
import { type Db, openDatabase } from "./open.js";
import { outbox } from "./outbox.js";
import { preferences } from "./preferences.js";
import { blobColumns, ROTATED_COLUMNS, rotateKey, UnknownColumnError } from "./rotate-key.js";
import { subscribers } from "./subscribers.js";
import { updates } from "./updates.js";

const READER = 7_304_918_265; // subscribed, chose a language
const BROWSER = 8_415_029_376; // chose a language, never subscribed: only a hash of the id is stored
const GROUP = -1_001_987_654_321;
const OPERATOR = 6_193_807_254;
const NEIGHBOUR = 5_550_004_321; // auto-delete on, a message waiting: its sealed chat id is stored
const STRANGER = 5_550_001_234; // auto-delete on, nothing waiting: only a hash of the id is stored
const FORMER_OPERATOR = 6_000_000_001;
const now = () => Date.UTC(2026, 0, 5, 12);
const content = { original: "en" as const, bodies: { en: plain("Released today.") } };

let dir: string;
let db: Db;
const from = createIdentity(randomBytes(32));
const to = createIdentity(randomBytes(32));

/** Every non-empty BLOB cell, as table.column → values. */
function blobs(): Array<{ where: string; value: Buffer }> {
  return blobColumns(db).flatMap((c) => {
    const [table, column] = c.split(".") as [string, string];
    return db
      .prepare<[], Buffer | null>(`SELECT ${column} FROM ${table}`)
      .pluck()
      .all()
      .filter((v): v is Buffer => v !== null && v.length > 0)
      .map((value) => ({ where: c, value }));
  });
}

const snapshot = () => blobs().map((b) => `${b.where}=${b.value.toString("hex")}`);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "relay-rotate-"));
  db = openDatabase(join(dir, "relay.db"));
  const subs = subscribers(db, from, now);
  subs.subscribe(READER, { isGroup: false, lang: "ru" });
  subs.subscribe(GROUP, { isGroup: true, lang: "fr" });
  const prefs = preferences(db, from);
  prefs.setLanguage(READER, "ru");
  prefs.setLanguage(BROWSER, "fr");
  prefs.setLanguage(OPERATOR, "en");
  const ups = updates(db, from, now);
  ups.publish({
    draftKey: "d1",
    content,
    source: { title: "A channel", url: "https://t.me/a_channel/1" } as never,
    sensitive: false,
    progress: { chatId: OPERATOR, lang: "en" },
    channel: { chatId: "@a_channel", lang: "en" },
  });
  const box = outbox(db, from, now);
  for (const row of box.ready(now(), 10)) {
    box.claim(row.id);
    box.sent(row, 100 + row.id);
  }
  conversationStore(db, from, now).write(String(OPERATOR), { draft: "the night shift" });
  conversationStore(db, from, now).write(String(FORMER_OPERATOR), { draft: "old" });
  audit(db, from, now).record(OPERATOR, "post", 1);
  audit(db, from, now).record(FORMER_OPERATOR, "post", 1);
  // Auto-delete: the reader's (known: subscribed), a neighbour's with a message waiting (known from its
  // sealed chat id), and a stranger's with nothing waiting (only a hash: dropped).
  const autoDelete = autoDeletions(db, from, now);
  autoDelete.setDelay(READER, 3_600);
  autoDelete.setDelay(NEIGHBOUR, 3_600);
  autoDelete.recordIfOn(NEIGHBOUR, [41]);
  autoDelete.setDelay(STRANGER, 3_600);
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("rotateKey", () => {
  it("knows every BLOB column of the schema (a new sealed column must be taught to it)", () => {
    expect(blobColumns(db).sort()).toEqual([...ROTATED_COLUMNS].sort());
  });

  it("re-seals and re-keys every row: the new key finds and opens everything it carried over", () => {
    const report = rotateKey(db, from, to, [OPERATOR]);
    expect(report).toEqual({
      subscribers: 2,
      deliveries: 3,
      updates: 1,
      preferences: 2,
      preferencesDropped: 1,
      conversations: 1,
      conversationsDropped: 1,
      audit: 1,
      auditKeysDropped: 1,
      pendingDeletions: 1,
      autoDelete: 2,
      autoDeleteDropped: 1,
    });
    const deletions = autoDeletions(db, to, now);
    expect(deletions.delayOf(READER)).toBe(3_600);
    expect(deletions.delayOf(NEIGHBOUR)).toBe(3_600);
    expect(deletions.delayOf(STRANGER)).toBeUndefined();
    expect(deletions.pending(NEIGHBOUR)).toEqual([41]);
    const subs = subscribers(db, to, now);
    expect(subs.get(READER)?.lang).toBe("ru");
    expect(subs.get(GROUP)?.lang).toBe("fr");
    const prefs = preferences(db, to);
    expect(prefs.language(READER)).toBe("ru");
    expect(prefs.language(OPERATOR)).toBe("en");
    expect(prefs.language(BROWSER)).toBeUndefined();
    expect(conversationStore(db, to, now).read(String(OPERATOR))).toEqual({ draft: "the night shift" });
    const update = updates(db, to, now).get(1);
    expect(update?.content).toEqual(content);
    expect(update?.source).toEqual({ title: "A channel", url: "https://t.me/a_channel/1" });
    const chats = db
      .prepare<[], Buffer>("SELECT chat_sealed FROM delivery ORDER BY id")
      .pluck()
      .all()
      .map((b) => to.openChat(b));
    expect(chats.sort()).toEqual([GROUP, READER, "@a_channel"].sort());
    const progress = db.prepare<[], Buffer>("SELECT progress_chat FROM news_update").pluck().get() as Buffer;
    expect(to.unseal(progress)).toBe(OPERATOR);
    expect(
      db.prepare("SELECT COUNT(*) FROM audit WHERE operator_key = ?").pluck().get(to.lookupKey(OPERATOR)),
    ).toBe(1);
  });

  it("leaves nothing the old key opens or finds", () => {
    const oldKeys = [READER, BROWSER, GROUP, OPERATOR, FORMER_OPERATOR, "@a_channel"].flatMap((id) => [
      from.lookupKey(id).toString("hex"),
      from.lookupKey(`conversation:${id}`).toString("hex"),
    ]);
    rotateKey(db, from, to, [OPERATOR]);
    const cells = blobs();
    expect(cells.length).toBeGreaterThan(10);
    for (const { where, value } of cells) {
      expect(oldKeys, where).not.toContain(value.toString("hex"));
      expect(() => from.openBytes(value), where).toThrow();
    }
  });

  it("changes nothing when one row cannot be opened (one transaction)", () => {
    db.prepare("UPDATE delivery SET chat_sealed = ? WHERE id = (SELECT MAX(id) FROM delivery)").run(
      randomBytes(68),
    );
    const before = snapshot();
    expect(() => rotateKey(db, from, to, [OPERATOR])).toThrow();
    expect(snapshot()).toEqual(before);
  });

  it("refuses, changing nothing, when the schema has a BLOB column it does not know", () => {
    db.exec("CREATE TABLE pending_thing (key BLOB, sealed BLOB)");
    const before = snapshot();
    expect(() => rotateKey(db, from, to, [OPERATOR])).toThrow(UnknownColumnError);
    expect(snapshot()).toEqual(before);
  });
});
