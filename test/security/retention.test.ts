import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { plain } from "../../src/core/delivery/content.js";
import { audit } from "../../src/db/audit.js";
import { conversationStore } from "../../src/db/conversations.js";
import { createIdentity } from "../../src/db/identity.js";
import { type Db, openDatabase, truncateWal } from "../../src/db/open.js";
import { outbox } from "../../src/db/outbox.js";
import { subscribers } from "../../src/db/subscribers.js";
import { updates } from "../../src/db/updates.js";
import { createRetention } from "../../src/delivery/retention.js";

const HOUR = 3_600_000;
const content = { original: "en" as const, bodies: { en: plain("An update.") } };
const count = (db: Db, table: string) =>
  (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe("retention, hourly on the clock", () => {
  let db: Db;
  let clock: number;
  let retention: ReturnType<typeof createRetention>;
  let dir: string;
  const ids = createIdentity(randomBytes(32));

  beforeEach(() => {
    vi.useFakeTimers();
    dir = mkdtempSync(join(tmpdir(), "relay-retention-"));
    db = openDatabase(join(dir, "relay.db"));
    clock = Date.UTC(2025, 0, 1);
    const now = () => clock;
    const subs = subscribers(db, ids, now);
    for (const id of [8_000_000_001, 8_000_000_002]) subs.subscribe(id, { isGroup: false, lang: "en" });
    const ups = updates(db, ids, now);
    const box = outbox(db, ids, now);
    ups.publish({ draftKey: "u1", content, sensitive: false });
    for (const row of box.ready(clock, 10)) {
      box.claim(row.id);
      box.sent(row, 10 + row.id);
    }
    conversationStore(db, ids, now).write("8000000001", { step: 1 });
    audit(db, ids, now).record(8_000_000_001, "post", 1);
    retention = createRetention({
      outbox: box,
      updates: ups,
      audit: audit(db, ids, now),
      expireConversations: () => conversationStore(db, ids, now).expire(),
      truncateWal: () => void truncateWal(db),
      retentionDays: 90,
      logger: pino({ level: "silent" }),
      now,
    });
  });
  afterEach(() => {
    retention.stop();
    vi.useRealTimers();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Moves both the injected clock and the timers by `ms`. */
  const pass = (ms: number) => {
    clock += ms;
    vi.advanceTimersByTime(ms);
  };

  it("runs again every hour, not only at start", () => {
    retention.start();
    expect(count(db, "conversation")).toBe(1);
    pass(HOUR + 1);
    expect(count(db, "conversation")).toBe(0);
  });

  it("reduces delivered rows to counters 48 hours after sending", () => {
    retention.start();
    pass(47 * HOUR);
    expect(count(db, "delivery")).toBe(2);
    pass(HOUR);
    expect(count(db, "delivery")).toBe(0);
    expect(db.prepare("SELECT sent, recipients FROM news_update").get()).toEqual({ sent: 2, recipients: 2 });
    expect(db.prepare("SELECT COUNT(*) AS n FROM delivery WHERE message_id IS NOT NULL").get()).toEqual({
      n: 0,
    });
  });

  it("purges updates older than RETENTION_DAYS with their deliveries and audit rows", () => {
    retention.start();
    pass(89 * 24 * HOUR);
    expect(count(db, "news_update")).toBe(1);
    pass(24 * HOUR + HOUR);
    expect(count(db, "news_update")).toBe(0);
    expect(count(db, "audit")).toBe(0);
    expect(count(db, "subscriber")).toBe(2);
  });

  it("empties the WAL after each run, so purged rows leave no older page image behind", () => {
    const wal = () => readFileSync(join(dir, "relay.db-wal")).length;
    expect(wal()).toBeGreaterThan(0);
    retention.start();
    expect(wal()).toBe(0);
    conversationStore(db, ids, () => clock).write("8000000002", { step: 2 });
    expect(wal()).toBeGreaterThan(0);
    pass(HOUR + 1);
    expect(count(db, "conversation")).toBe(0);
    expect(wal()).toBe(0);
  });

  it("drops the operator's keyed hash from audit rows after 48 hours, keeping what was done and when", () => {
    const keyed = () =>
      db
        .prepare("SELECT COUNT(*) AS n FROM audit WHERE operator_key = ?")
        .pluck()
        .get(ids.lookupKey(8_000_000_001));
    retention.start();
    pass(47 * HOUR);
    expect(keyed()).toBe(1);
    pass(HOUR + 1);
    expect(keyed()).toBe(0);
    expect(db.prepare("SELECT length(operator_key) AS k, action, update_id FROM audit").all()).toEqual([
      { k: 0, action: "post", update_id: 1 },
    ]);
  });
});
