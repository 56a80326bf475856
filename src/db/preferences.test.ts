import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createIdentity } from "./identity.js";
import { openDatabase } from "./open.js";
import { preferences } from "./preferences.js";

const DAY = 86_400_000;

describe("preferences", () => {
  it("expires a choice left unused for more than the given days, and keeps one in use", () => {
    const db = openDatabase(":memory:");
    let clock = Date.UTC(2026, 0, 1, 12);
    const prefs = preferences(db, createIdentity(randomBytes(32)), () => clock);
    prefs.setLanguage(1, "ru");
    prefs.setLanguage(2, "fr");
    clock += 20 * DAY;
    expect(prefs.language(2)).toBe("fr"); // used on day 20
    clock += 15 * DAY;
    expect(prefs.expire(30)).toBe(1); // 1 unused for 35 days, 2 for 15
    expect(prefs.language(1)).toBeUndefined();
    expect(prefs.language(2)).toBe("fr");
    const days = db.prepare("SELECT used_day FROM preference").pluck().all();
    expect(days).toEqual(["2026-02-05"]); // a day, never a time
  });
});
