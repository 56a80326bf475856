import { describe, expect, it } from "vitest";
import { Pacer, TELEGRAM_LIMITS } from "../core/delivery/pacing.js";
import { SendBudget } from "./send-budget.js";

function budget(perSecond: number) {
  // A clock that runs: the pacer spaces sends 1/rate apart in time.
  const now = () => Date.now();
  const pacer = new Pacer({ ...TELEGRAM_LIMITS, perSecond });
  return { b: new SendBudget(pacer, now, (id) => String(id)), pacer, now };
}

describe("SendBudget", () => {
  it("grants waiting replies first come first served as the global limit allows", async () => {
    const { b, now } = budget(1000);
    const order: number[] = [];
    const waits = [1, 2, 3, 4, 5].map((chat) =>
      b.reply(chat, false).then((ticket) => {
        order.push(chat);
        ticket.done(now());
      }),
    );
    await Promise.all(waits);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(b.replyWaiting).toBe(false);
  });

  it("lets a private chat's edit through while the global slot is taken, the other replies waiting", async () => {
    const { b, pacer, now } = budget(30);
    // Someone's send holds the global slot for a while.
    pacer.pause(now() + 60_000);
    const granted: string[] = [];
    void b.reply(10, false).then(() => granted.push("send"));
    void b.reply(11, true).then(() => granted.push("edit"));
    await new Promise((r) => setTimeout(r, 30));
    expect(granted).toEqual(["edit"]);
    expect(b.replyWaiting).toBe(true); // the send waits for the global slot only: deliveries step aside
  });
});
