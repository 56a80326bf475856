import { describe, expect, it } from "vitest";
import { until } from "../../test/fault/relay-process.js";
import { createLogger } from "../logger.js";
import { createFanOut } from "./fan-out.js";

describe("the fan-out loop", () => {
  it("runs one chunk per turn of the event loop, so other callbacks run between two chunks", async () => {
    const order: string[] = [];
    let left = 3;
    const fanOut = createFanOut({
      updates: {
        fanningUpdates: () => (left > 0 ? [7] : []),
        fanOutStep(id) {
          expect(id).toBe(7);
          order.push(`chunk ${left}`);
          setImmediate(() => order.push("a reader"));
          left--;
          return { added: 10, done: left === 0 };
        },
      },
      logger: createLogger("error"),
      now: Date.now,
      enqueued: () => order.push("kick"),
    });
    fanOut.kick();
    await fanOut.idle();
    expect(order).toEqual(["chunk 3", "kick", "a reader", "chunk 2", "kick", "a reader", "chunk 1", "kick"]);
  });

  it("tries a failed chunk again later, logging the failure, and finishes the walk", async () => {
    const logs: string[] = [];
    let calls = 0;
    let done = false;
    const fanOut = createFanOut({
      updates: {
        fanningUpdates: () => (done ? [] : [1]),
        fanOutStep() {
          calls++;
          if (calls === 1) throw new Error("database is locked");
          done = calls === 3;
          return { added: 1, done };
        },
      },
      logger: createLogger("error", { write: (l: string) => void logs.push(l) }),
      now: Date.now,
      enqueued: () => {},
      retryMs: 10,
    });
    fanOut.kick();
    await until(() => done, 5_000, "the walk to finish");
    expect(calls).toBe(3);
    expect(logs.some((l) => l.includes('"loop":"fan-out"'))).toBe(true);
    expect(fanOut.health.failing).toBe(false);
    await fanOut.stop();
  });
});
