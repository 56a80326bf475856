import { describe, expect, it } from "vitest";
import { type DigestSchedule, formatOffset, isValidOffset, latestSlot, nextSlot } from "./digest-due.js";

const at = (iso: string) => Date.parse(iso);
const daily = (hour: number, offsetMinutes = 0): DigestSchedule => ({
  cadence: "daily",
  hour,
  weekday: 1,
  offsetMinutes,
});

describe("digest slots", () => {
  it("finds today's hour once it has passed, else yesterday's", () => {
    expect(latestSlot(daily(9), at("2024-05-01T10:00:00Z"))).toBe(at("2024-05-01T09:00:00Z"));
    expect(latestSlot(daily(9), at("2024-05-01T08:59:59Z"))).toBe(at("2024-04-30T09:00:00Z"));
    expect(latestSlot(daily(9), at("2024-05-01T09:00:00Z"))).toBe(at("2024-05-01T09:00:00Z"));
  });

  it("reads the hour in the subscriber's offset, in quarter hours", () => {
    // 09:00 at UTC+05:45 is 03:15 UTC.
    expect(nextSlot(daily(9, 345), at("2024-05-01T03:00:00Z"))).toBe(at("2024-05-01T03:15:00Z"));
    // 09:00 at UTC−03:30 is 12:30 UTC.
    expect(latestSlot(daily(9, -210), at("2024-05-01T13:00:00Z"))).toBe(at("2024-05-01T12:30:00Z"));
    // 01:00 at UTC+14:00 is 11:00 UTC the day before.
    expect(nextSlot(daily(1, 840), at("2024-05-01T00:00:00Z"))).toBe(at("2024-05-01T11:00:00Z"));
  });

  it("falls on the chosen local weekday for a weekly digest", () => {
    const weekly: DigestSchedule = { cadence: "weekly", hour: 8, weekday: 1, offsetMinutes: 0 };
    // 2024-05-01 is a Wednesday; the Monday before is 2024-04-29.
    expect(latestSlot(weekly, at("2024-05-01T12:00:00Z"))).toBe(at("2024-04-29T08:00:00Z"));
    expect(nextSlot(weekly, at("2024-05-01T12:00:00Z"))).toBe(at("2024-05-06T08:00:00Z"));
    // Monday 02:00 at UTC+03:00 is still Sunday 23:00 UTC.
    const east: DigestSchedule = { cadence: "weekly", hour: 2, weekday: 1, offsetMinutes: 180 };
    expect(nextSlot(east, at("2024-05-01T12:00:00Z"))).toBe(at("2024-05-05T23:00:00Z"));
  });

  it("accepts offsets from −12:00 to +14:00 in 15-minute steps", () => {
    expect([-720, -210, 0, 345, 840].every(isValidOffset)).toBe(true);
    expect([-735, 10, 855, 0.5].some(isValidOffset)).toBe(false);
    expect([0, 345, -210].map(formatOffset)).toEqual(["UTC", "UTC+05:45", "UTC−03:30"]);
  });
});
