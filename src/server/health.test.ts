import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../db/open.js";
import { healthReport, probeWritable } from "./health.js";
import { Heartbeats } from "./heartbeats.js";

const dirs: string[] = [];
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), "relay-health-"));
  dirs.push(dir);
  return join(dir, "relay.db");
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("probeWritable", () => {
  it("takes the write lock and leaves nothing behind", () => {
    const db = openDatabase(tempDb());
    const version = db.pragma("user_version", { simple: true });
    const before = db.prepare("SELECT COUNT(*) AS n FROM sqlite_master").get();
    expect(probeWritable(db)).toEqual({ writable: true });
    expect(db.pragma("user_version", { simple: true })).toBe(version);
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master").get()).toEqual(before);
    expect(db.inTransaction).toBe(false);
    db.close();
  });

  it("says a read-only or closed database is not writable", () => {
    const path = tempDb();
    openDatabase(path).close();
    const ro = new Database(path, { readonly: true });
    expect(probeWritable(ro).writable).toBe(false);
    ro.close();
    expect(probeWritable(ro)).toEqual({ writable: false, error: "closed" });
  });

  it("says a database locked by another writer is not writable (after the busy timeout)", () => {
    const path = tempDb();
    const db = openDatabase(path);
    db.pragma("busy_timeout = 50");
    const other = new Database(path);
    other.exec("BEGIN IMMEDIATE");
    expect(probeWritable(db)).toEqual({ writable: false, error: "SQLITE_BUSY" });
    other.exec("ROLLBACK");
    expect(probeWritable(db).writable).toBe(true);
    other.close();
    db.close();
  });
});

describe("healthReport", () => {
  it("is unhealthy until a loop with a limit beats, and again once it is stale", () => {
    let clock = 1_000_000;
    const db = openDatabase(":memory:");
    const beats = new Heartbeats(() => clock);
    beats.expect("updates", 90_000);
    beats.watch("dispatcher", () => undefined);
    expect(healthReport(db, beats, "polling").ok).toBe(false);
    beats.beat("updates");
    clock += 60_000;
    const ok = healthReport(db, beats, "polling");
    expect(ok.ok).toBe(true);
    // A verdict per loop and nothing else: no time, no age (they tell when someone was last served).
    expect(ok.loops.updates).toEqual({ ok: true });
    expect(ok.loops.dispatcher).toEqual({ ok: true });
    expect(JSON.stringify(ok)).not.toMatch(/\d{4}-\d\d-\d\dT|lastWorkAt|age/i);
    clock += 31_000;
    expect(healthReport(db, beats, "polling").ok).toBe(false);
    db.close();
  });

  it("reports Telegram unreachable as degraded, not dead: polling that cannot poll is excused, nothing else", () => {
    const clock = 1_000_000;
    const db = openDatabase(":memory:");
    const beats = new Heartbeats(() => clock);
    beats.expect("updates", 90_000); // never beat: Telegram has not answered a poll
    beats.watch("dispatcher", () => undefined);
    const degraded = healthReport(db, beats, "polling", false);
    expect(degraded).toMatchObject({ ok: true, status: "degraded", telegram: { reachable: false } });
    // A verdict only: not even since when Telegram is unreachable.
    expect(JSON.stringify(degraded)).not.toMatch(/\d{4}-\d\d-\d\dT|since/i);
    expect(healthReport(db, beats, "polling")).toMatchObject({ ok: false, status: "failing" });
    beats.watch(
      "dispatcher",
      () => undefined,
      () => false,
    );
    expect(healthReport(db, beats, "polling", false).status).toBe("failing");
    db.close();
  });

  it("reports a probe that throws as unhealthy", () => {
    const db = openDatabase(":memory:");
    const beats = new Heartbeats(() => 0);
    beats.watch("dispatcher", () => {
      throw new Error("gone");
    });
    expect(healthReport(db, beats, "webhook").loops.dispatcher?.ok).toBe(false);
    db.close();
  });
});
