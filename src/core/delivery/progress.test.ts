import { describe, expect, it } from "vitest";
import { formatDuration, progressFigures } from "./progress.js";

describe("progressFigures", () => {
  it("computes percent, rate and ETA", () => {
    const f = progressFigures(
      { total: 1000, sent: 300, failed: 10, pending: 690 },
      { at: 0, sent: 0 },
      10_000,
    );
    expect(f).toEqual({ percent: 31, rate: 30, etaSeconds: 23, done: false });
  });
  it("is done when nothing is pending", () => {
    expect(progressFigures({ total: 0, sent: 0, failed: 0, pending: 0 }, { at: 0, sent: 0 }, 0).done).toBe(
      true,
    );
  });
  it("formats durations compactly", () => {
    expect([5, 185, 3720].map(formatDuration)).toEqual(["5 s", "3 min 05 s", "1 h 02 min"]);
  });
});
