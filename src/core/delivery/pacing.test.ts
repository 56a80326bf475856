import { describe, expect, it, vi } from "vitest";
import { Pacer, SlidingWindow } from "./pacing.js";

/**
 * Drives a pacer as the dispatcher does: start at the earliest allowed moment; each answer arrives
 * `rtt` later. Returns when each request reached "Telegram": somewhere in between, here the worst case
 * for the limits (the earliest arrival of the older request against the latest of the newer).
 */
function run(pacer: Pacer, chats: Array<{ chat: string; group: boolean }>, rtt = 10) {
  let now = 0;
  const starts: number[] = [];
  const inFlight: Array<{ at: number; done: (at: number) => void }> = [];
  for (const { chat, group } of chats) {
    for (;;) {
      const ready = pacer.readyAt(chat, now);
      const next = inFlight.sort((a, b) => a.at - b.at)[0];
      if (next && next.at <= Math.min(ready, Number.MAX_SAFE_INTEGER)) {
        now = Math.max(now, next.at);
        next.done(next.at);
        inFlight.shift();
        continue;
      }
      now = ready;
      break;
    }
    const ticket = pacer.take(chat, group, now);
    inFlight.push({ at: now + rtt, done: ticket.done });
    starts.push(now);
  }
  return starts;
}

/** Most requests any window of `windowMs` could see, if each arrived anywhere within its round trip. */
const worstInWindow = (starts: number[], windowMs: number, rtt: number) =>
  Math.max(...starts.map((s) => starts.filter((t) => t >= s + rtt && t < s + rtt + windowMs).length + 1));

describe("SlidingWindow", () => {
  it("counts a send from its answer, and an unanswered one until it is answered", () => {
    const w = new SlidingWindow(2, 1000);
    const a = w.open();
    w.open();
    expect(w.nextFreeAt(20)).toBe(Number.POSITIVE_INFINITY);
    w.close(a, 30);
    expect(w.nextFreeAt(40)).toBe(1030);
  });

  it("forgets answers that left the window, counting the rest exactly", () => {
    const w = new SlidingWindow(2, 1000);
    const a = w.open();
    const b = w.open();
    w.close(a, 0);
    w.close(b, 500);
    w.close(b, 900); // a second answer for the same send changes nothing
    expect(w.nextFreeAt(600)).toBe(1000);
    expect(w.nextFreeAt(1000)).toBe(1000); // a has left: one free place
    w.close(w.open(), 1000);
    expect(w.nextFreeAt(1200)).toBe(1500);
    expect(w.idle(1999)).toBe(false);
    expect(w.idle(2000)).toBe(true);
  });
});

describe("Pacer", () => {
  const limits = { perSecond: 30, perPrivateChatPerSecond: 1, perGroupPerMinute: 20 };

  it("sends to distinct chats at the cap, never above it whatever the arrival jitter", () => {
    const chats = Array.from({ length: 300 }, (_, i) => ({ chat: `c${i}`, group: false }));
    const starts = run(new Pacer(limits), chats, 10);
    expect(worstInWindow(starts, 1000, 10)).toBeLessThanOrEqual(30);
    // 300 messages at 30/s: about 10 s, less one round trip a second (no artificial delay).
    expect(starts.at(-1)).toBeLessThan(10_200);
  });

  it("keeps one private chat to one message a second", () => {
    const starts = run(
      new Pacer(limits),
      Array.from({ length: 5 }, () => ({ chat: "me", group: false })),
      10,
    );
    expect(starts).toEqual([0, 1010, 2020, 3030, 4040]);
  });

  it("keeps one group to twenty messages a minute", () => {
    const starts = run(
      new Pacer(limits),
      Array.from({ length: 41 }, () => ({ chat: "g", group: true })),
      10,
    );
    expect(worstInWindow(starts, 60_000, 10)).toBeLessThanOrEqual(20);
    expect(worstInWindow(starts, 1000, 10)).toBe(1);
  });

  it("stops everything during a 429 pause", () => {
    const pacer = new Pacer(limits);
    pacer.take("a", false, 0).done(5);
    pacer.pause(5000);
    expect(pacer.readyAt("b", 100)).toBe(5000);
  });

  it("holds one chat during its own 429, replies and deliveries alike, and no other", () => {
    const pacer = new Pacer({ ...limits, replyBurst: 30 });
    pacer.pauseChat("a", 8000);
    expect(pacer.readyAt("a", 100)).toBe(8000);
    expect(pacer.replyReadyAt("a", false, false, 100)).toBe(8000);
    expect(pacer.readyAt("b", 100)).toBe(100);
    expect(pacer.replyReadyAt("b", false, false, 100)).toBe(100);
  });

  it("paces a paid broadcast at its own rate", () => {
    const chats = Array.from({ length: 2000 }, (_, i) => ({ chat: `c${i}`, group: false }));
    const starts = run(new Pacer({ ...limits, perSecond: 1000 }), chats, 10);
    expect(worstInWindow(starts, 1000, 10)).toBeLessThanOrEqual(1000);
    expect(starts.at(-1)).toBeLessThan(2100);
  });
});

describe("Pacer without a rate (BROADCAST_RATE off, as the headroom benchmark runs it)", () => {
  const off = { perSecond: Number.POSITIVE_INFINITY, perPrivateChatPerSecond: 1, perGroupPerMinute: 20 };

  it("lets every free request start at once, and a rate one at a time", () => {
    expect(new Pacer(off).globalRoom(0, 200)).toBe(200);
    const paced = new Pacer({ ...off, perSecond: 1000 });
    expect(paced.globalRoom(0, 200)).toBe(1);
    paced.take("a", false, 0);
    expect(paced.globalRoom(0, 200)).toBe(0); // the next one a gap later
    expect(paced.globalRoom(1, 200)).toBe(1);
    const paused = new Pacer(off);
    paused.pause(500); // a 429 holds everything, rate or not
    expect(paused.globalRoom(0, 200)).toBe(0);
  });

  it("records nothing in an unbounded window, so a long broadcast costs the same per send", () => {
    const w = new SlidingWindow(Number.POSITIVE_INFINITY, 1000);
    for (let i = 0; i < 10_000; i++) w.open().at = i;
    expect(w.idle(0)).toBe(true);
    expect(w.nextFreeAt(5)).toBe(5);
    // Each chat's own limit still holds.
    const pacer = new Pacer(off);
    pacer.take("a", false, 0).done(10);
    expect(pacer.readyAt("a", 20)).toBe(1010);
    expect(pacer.readyAt("b", 20)).toBe(20);
  });
});

describe("Pacer memory", () => {
  it("forgets idle chats in sweeps that cost a constant per send, however many chats are busy at once", () => {
    const idle = vi.spyOn(SlidingWindow.prototype, "idle");
    const pacer = new Pacer({
      perSecond: Number.POSITIVE_INFINITY,
      perPrivateChatPerSecond: 1,
      perGroupPerMinute: 20,
    });
    // 12,000 chats within one second: none idle, so no sweep can forget any.
    for (let i = 0; i < 12_000; i++) pacer.take(`c${i}`, false, 0).done(1);
    expect(idle.mock.calls.length).toBeLessThan(40_000);
    // Seconds later they are all idle: the next sweep forgets them.
    for (let i = 0; i < 20_000; i++) pacer.take(`d${i}`, false, 5000).done(5001);
    expect(pacer.readyAt("c1", 5002)).toBe(5002);
    expect(idle.mock.calls.length).toBeLessThan(100_000);
    idle.mockRestore();
  });
});

describe("Pacer replies", () => {
  const limits = { perSecond: 30, perPrivateChatPerSecond: 1, perGroupPerMinute: 20 };

  it("share the global cap with deliveries, and hold back deliveries to the chat they went to", () => {
    const pacer = new Pacer({ ...limits, replyBurst: 3 });
    const t = pacer.takeReply("reader", false, false, 0);
    t.done(10);
    expect(pacer.globalReadyAt(10)).toBeGreaterThan(10); // the next slot is one gap later, for everyone
    expect(pacer.readyAt("reader", 100)).toBe(1010); // a delivery to that chat waits its second
    expect(pacer.replyReadyAt("reader", false, false, 100)).toBe(100); // a second reply may burst
    pacer.takeReply("reader", false, false, 100).done(110);
    pacer.takeReply("reader", false, false, 200).done(210);
    expect(pacer.replyReadyAt("reader", false, false, 300)).toBe(1010); // burst of 3 used up
    expect(pacer.replyChatReadyAt("reader", false, false, 300)).toBe(1010); // held by its chat alone
    expect(pacer.replyChatReadyAt("other", false, false, 300)).toBe(300);
  });

  it("count edits only against a group's limits", () => {
    const pacer = new Pacer(limits);
    expect(pacer.replyReadyAt("reader", false, true, 0)).toBe(0);
    pacer.takeReply("reader", false, true, 0).done(0);
    expect(pacer.readyAt("reader", 0)).toBe(0);
    for (let i = 0; i < 20; i++) pacer.takeReply("group", true, true, i * 1000).done(i * 1000);
    expect(pacer.replyReadyAt("group", true, true, 20_000)).toBe(60_000);
  });
});
