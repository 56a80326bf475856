import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { UpdateContent } from "../core/delivery/content.js";
import { createIdentity } from "./identity.js";
import { migrate } from "./migrate.js";
import { migrations } from "./migrations/index.js";
import { openDatabase } from "./open.js";
import { outbox } from "./outbox.js";
import { subscribers } from "./subscribers.js";
import { updates } from "./updates.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const latest = migrations.at(-1)?.version as number;
const previous = migrations.at(-2)?.version as number;

describe("migrate", () => {
  it("upgrades a database of the previous version to the current one with every row intact", () => {
    const dir = mkdtempSync(join(tmpdir(), "relay-migrate-"));
    dirs.push(dir);
    const path = join(dir, "relay.db");
    const ids = createIdentity(randomBytes(32));
    const content: UpdateContent = { original: "fr", bodies: { fr: { text: "Libérée", entities: [] } } };

    // A database as the previous release left it: its migrations only, then rows written by that schema.
    const old = new Database(path);
    for (const m of migrations.filter((m) => m.version <= previous))
      old.transaction(() => {
        old.exec(m.up);
        old.pragma(`user_version = ${m.version}`);
      })();
    old
      .prepare(
        `INSERT INTO subscriber (chat_key, chat_sealed, is_group, lang, cadence, digest_after, created_day)
         VALUES (?, ?, 0, 'ru', 'daily', 0, '2026-03-01')`,
      )
      .run(ids.lookupKey(42), ids.seal(42));
    old
      .prepare("INSERT INTO news_update (draft_key, content, created_at, sent) VALUES ('d', ?, 1, 1)")
      .run(ids.sealBytes(JSON.stringify(content)));
    old
      .prepare(
        `INSERT INTO delivery (kind, update_id, chat_key, chat_sealed, is_group, lang, state, message_id, sent_at, created_at)
         VALUES ('update', 1, ?, ?, 0, 'ru', 'sent', 9, 2, 1)`,
      )
      .run(ids.lookupKey(42), ids.seal(42));
    // Someone else's reading preference (a subscriber's own moves into their subscription: see below).
    old.prepare("INSERT INTO preference (user_key, lang) VALUES (?, 'en')").run(ids.lookupKey(43));
    const before = ["subscriber", "news_update", "delivery", "preference"].map((t) =>
      old.prepare(`SELECT * FROM ${t}`).all(),
    );
    expect(old.pragma("user_version", { simple: true })).toBe(previous);
    old.close();

    const db = openDatabase(path);
    expect(db.pragma("user_version", { simple: true })).toBe(latest);
    const after = ["subscriber", "news_update", "delivery", "preference"].map((t) =>
      db.prepare(`SELECT * FROM ${t}`).all(),
    );
    // Every old column keeps its value; new columns take their defaults.
    for (const [i, rows] of before.entries()) {
      expect(after[i]).toHaveLength(rows.length);
      for (const [j, row] of rows.entries()) expect(after[i]?.[j]).toMatchObject(row as object);
    }
    const now = () => 10;
    expect(subscribers(db, ids, now).get(42)).toMatchObject({ lang: "ru", cadence: "daily" });
    expect(updates(db, ids, now).get(1)).toMatchObject({ content, version: 1, sent: 1 });
    expect(outbox(db, ids, now).messageIdsOf(ids.lookupKey(42))).toEqual([9]);
    expect(migrate(db)).toBe(latest); // running again changes nothing
    db.close();
  });

  it("014: a private subscription takes its person's saved language, so no one's updates change language", () => {
    const ids = createIdentity(randomBytes(32));
    const db = new Database(":memory:");
    for (const m of migrations.filter((m) => m.version < 14)) db.exec(m.up);
    const subscribe = db.prepare(
      `INSERT INTO subscriber (chat_key, chat_sealed, is_group, lang, cadence, digest_after, created_day)
       VALUES (?, ?, ?, 'ru', 'instant', 0, '2026-03-01')`,
    );
    subscribe.run(ids.lookupKey(1), ids.seal(1), 0); // chose English with /lang
    subscribe.run(ids.lookupKey(2), ids.seal(2), 0); // no preference
    subscribe.run(ids.lookupKey(-3), ids.seal(-3), 1); // a group: nobody's preference decides it
    const prefer = db.prepare("INSERT INTO preference (user_key, lang) VALUES (?, 'en')");
    prefer.run(ids.lookupKey(1));
    prefer.run(ids.lookupKey(-3));
    db.exec((migrations.find((m) => m.version === 14) as { up: string }).up);
    const lang = (id: number) =>
      db.prepare("SELECT lang FROM subscriber WHERE chat_key = ?").pluck().get(ids.lookupKey(id));
    expect([lang(1), lang(2), lang(-3)]).toEqual(["en", "ru", "ru"]);
    db.close();
  });
});
