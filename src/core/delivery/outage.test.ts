import { describe, expect, it } from "vitest";
import { Reachability, signalOf } from "./outage.js";

describe("signalOf", () => {
  it("reads gateway errors and refused or reset connections as an outage, other 5xx and timeouts as a maybe", () => {
    expect(signalOf({ kind: "api", code: 502 })).toBe("outage");
    expect(signalOf({ kind: "api", code: 504 })).toBe("outage");
    expect(signalOf({ kind: "network", code: "ECONNREFUSED" })).toBe("outage");
    expect(signalOf({ kind: "network", code: "ECONNRESET" })).toBe("outage");
    expect(signalOf({ kind: "api", code: 500 })).toBe("maybe");
    expect(signalOf({ kind: "network", code: "ETIMEDOUT" })).toBe("maybe");
    expect(signalOf({ kind: "network" })).toBe("maybe");
  });

  it.each([400, 403, 429])("takes a %i as Telegram answering", (code) => {
    expect(signalOf({ kind: "api", code })).toBe("none");
  });
});

describe("Reachability", () => {
  it("calls one 502 an outage at once, but a 500 only when a second chat fails in a row", () => {
    const r = new Reachability({ random: () => 1 });
    expect(r.failed("a", "maybe", 0)).toBe(false);
    expect(r.failed("a", "maybe", 10)).toBe(false); // the same chat again: its own trouble
    expect(r.failed("b", "maybe", 20)).toBe(true);
    expect(r.since).toBe(20);

    const s = new Reachability();
    expect(s.failed("a", "outage", 5)).toBe(true);
  });

  it("forgets a maybe when Telegram answers in between", () => {
    const r = new Reachability();
    r.failed("a", "maybe", 0);
    r.answered(1);
    expect(r.failed("b", "maybe", 2)).toBe(false);
    expect(r.down).toBe(false);
  });

  it("lets one probe at a time through, backing off up to a minute with jitter, never more", () => {
    const r = new Reachability({ random: () => 1 });
    r.failed("a", "outage", 0);
    expect(r.mayProbe(0)).toBe(false);
    const gaps: number[] = [];
    let t = 0;
    for (let i = 0; i < 12; i++) {
      t = r.probeAt;
      expect(r.mayProbe(t)).toBe(true);
      expect(r.mayProbe(t)).toBe(false); // the first is still out
      r.probeFailed(t);
      gaps.push(r.probeAt - t);
    }
    expect(gaps.slice(0, 4)).toEqual([2000, 4000, 8000, 16000]);
    expect(Math.max(...gaps)).toBe(60_000);

    const low = new Reachability({ random: () => 0 });
    low.failed("a", "outage", 0);
    expect(low.probeAt).toBe(500); // jitter: half the pause at least
  });

  it("stragglers failing during an outage do not push the next probe back", () => {
    const r = new Reachability({ random: () => 1 });
    r.failed("a", "outage", 0);
    const at = r.probeAt;
    r.failed("b", "outage", 100);
    r.failed("c", "maybe", 200);
    expect(r.probeAt).toBe(at);
  });

  it("ends the outage on the first answer and remembers it", () => {
    const r = new Reachability();
    r.failed("a", "outage", 1000);
    expect(r.answered(61_000)).toEqual({ since: 1000, until: 61_000 });
    expect(r.down).toBe(false);
    expect(r.lastOutage).toEqual({ since: 1000, until: 61_000 });
    expect(r.answered(62_000)).toBeUndefined();
  });
});
