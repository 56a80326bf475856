import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../logger.js";
import { SlowLane } from "./slow-lane.js";

afterEach(() => {
  vi.useRealTimers();
});

function lane(options: ConstructorParameters<typeof SlowLane>[1]) {
  const logs: string[] = [];
  const l = new SlowLane(createLogger("warn", { write: (s: string) => void logs.push(s) }), options, () =>
    Date.now(),
  );
  return { lane: l, logs };
}

describe("SlowLane", () => {
  it("runs a task at once when nothing else is being handled", async () => {
    const { lane: l } = lane({});
    const ran: number[] = [];
    l.push(async () => ran.push(1));
    await l.idle();
    expect(ran).toEqual([1]);
  });

  it("holds tasks while an update is handled, and runs them when it is done", async () => {
    const { lane: l } = lane({ maxWaitMs: 60_000 });
    const ran: number[] = [];
    const leave = l.enter();
    for (let i = 0; i < 5; i++) l.push(async () => ran.push(i));
    await new Promise((r) => setImmediate(r));
    expect(ran).toEqual([]);
    leave();
    leave(); // a second call changes nothing
    await l.idle();
    expect(ran).toEqual([0, 1, 2, 3, 4]);
  });

  it("runs a task that has waited maxWaitMs even while updates keep it busy", async () => {
    vi.useFakeTimers();
    const { lane: l } = lane({ maxWaitMs: 1_000 });
    const ran: number[] = [];
    l.enter();
    l.push(async () => ran.push(1));
    await vi.advanceTimersByTimeAsync(900);
    expect(ran).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(ran).toEqual([1]);
  });

  it("runs at most `concurrency` tasks at once, and a hung one gives up its place after holdMs", async () => {
    vi.useFakeTimers();
    const { lane: l } = lane({
      concurrency: 2,
      holdMs: 5_000,
      maxWaitMs: 60_000,
      perSecond: Number.POSITIVE_INFINITY,
    });
    let started = 0;
    for (let i = 0; i < 3; i++)
      l.push(() => {
        started++;
        return new Promise(() => {}); // never settles, like a request Telegram never answers
      });
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(2);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(started).toBe(3);
  });

  it("runs up to overdueConcurrency tasks once the oldest is overdue, so a sustained flood drains", async () => {
    vi.useFakeTimers();
    const { lane: l } = lane({
      concurrency: 2,
      overdueConcurrency: 6,
      maxWaitMs: 1_000,
      holdMs: 60_000,
      perSecond: Number.POSITIVE_INFINITY,
    });
    let started = 0;
    for (let i = 0; i < 10; i++)
      l.push(() => {
        started++;
        return new Promise(() => {});
      });
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toBe(6);
  });

  it("starts at most perSecond tasks a second until they are overdue, so a flood's answers spread out", async () => {
    vi.useFakeTimers();
    const { lane: l } = lane({ perSecond: 10, maxWaitMs: 1_000, concurrency: 4, overdueConcurrency: 50 });
    let started = 0;
    for (let i = 0; i < 30; i++)
      l.push(async () => {
        started++;
      });
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(started).toBe(6);
    await vi.advanceTimersByTimeAsync(600); // past maxWaitMs: the rest go at once
    expect(started).toBe(30);
  });

  it("logs failures once per hundred, never once per task", async () => {
    const { lane: l, logs } = lane({ concurrency: 8, perSecond: Number.POSITIVE_INFINITY });
    for (let i = 0; i < 150; i++) l.push(() => Promise.reject(new Error("down")));
    await l.idle();
    expect(logs).toHaveLength(2);
    expect(logs[0]).toContain("answers to a flood failed");
  });

  it("keeps at most maxPending tasks waiting, dropping the oldest, and says so once a hundred", async () => {
    const { lane: l, logs } = lane({ maxWaitMs: 60_000, maxPending: 3 });
    const ran: number[] = [];
    const leave = l.enter();
    for (let i = 0; i < 6; i++) l.push(async () => ran.push(i));
    expect(l.pending).toBe(3);
    leave();
    await l.idle();
    expect(ran).toEqual([3, 4, 5]);
    expect(logs.filter((line) => line.includes("lane full"))).toHaveLength(1);
  });
});
