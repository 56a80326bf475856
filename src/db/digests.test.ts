import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import type { UpdateContent } from "../core/delivery/content.js";
import { type DueDigest, digests } from "./digests.js";
import { createIdentity } from "./identity.js";
import { type Db, openDatabase } from "./open.js";
import { subscribers } from "./subscribers.js";
import { updates } from "./updates.js";

const content: UpdateContent = { original: "fr", bodies: { fr: { text: "Libérée", entities: [] } } };
const DAY = 86_400_000;

describe("digests", () => {
  const ids = createIdentity(randomBytes(32));
  let clock = Date.UTC(2026, 2, 2, 10);
  const now = () => clock;
  let db: Db;
  let subs: ReturnType<typeof subscribers>;
  let ups: ReturnType<typeof updates>;
  let dig: ReturnType<typeof digests>;
  const one = (at: number): DueDigest => {
    const [d] = dig.due(at);
    if (!d) throw new Error("nothing due");
    return d;
  };

  beforeEach(() => {
    clock = Date.UTC(2026, 2, 2, 10);
    db = openDatabase(":memory:");
    subs = subscribers(db, ids, now);
    ups = updates(db, ids, now);
    dig = digests(db, now);
    subs.subscribe(1, { isGroup: false, lang: "en" });
    subs.change(1, { cadence: "daily", hour: 9 });
  });

  it("finds a subscriber only once its slot has come", () => {
    expect(dig.due(clock)).toEqual([]);
    const next = subs.get(1)?.nextDigestAt as number;
    expect(dig.due(next - 1)).toEqual([]);
    expect(one(next)).toMatchObject({ cadence: "daily", lang: "en", hour: 9, dueAt: next });
  });

  it("holds what is new, not retracted, and not already delivered to this chat on its own", () => {
    const kept = ups.publish({ draftKey: "a", content, sensitive: false }).id;
    const retracted = ups.publish({ draftKey: "b", content, sensitive: false }).id;
    ups.retract(retracted);
    const d = one(clock + DAY);
    expect(dig.freshFor(d)).toEqual([kept]);
    const plan = { parts: [], singles: [kept], cursor: kept, slot: d.dueAt, next: d.dueAt + DAY };
    dig.commit(d, plan);
    // Now delivered on its own: a later digest does not carry it again, even from the same window.
    expect(dig.freshFor(d)).toEqual([]);
  });

  it("commits a digest once: parts enqueued, slot moved; a second commit of the same slot does nothing", () => {
    const ids2 = [1, 2].map((n) => ups.publish({ draftKey: `u${n}`, content, sensitive: false }).id);
    const d = one(clock + DAY);
    const plan = {
      parts: [{ ids: ids2, header: true }],
      singles: [],
      cursor: Math.max(...ids2),
      slot: d.dueAt,
      next: d.dueAt + DAY,
    };
    expect(dig.commit(d, plan)).toBe(true);
    expect(dig.commit(d, plan)).toBe(false);
    const payloads = db.prepare("SELECT payload FROM delivery WHERE kind = 'digest'").pluck().all();
    expect(payloads).toEqual([JSON.stringify({ ids: ids2, header: true, total: 2 })]);
    expect(subs.get(1)).toMatchObject({ lastDigestAt: d.dueAt, nextDigestAt: d.dueAt + DAY });
    expect(dig.due(clock + DAY)).toEqual([]);
  });
});
