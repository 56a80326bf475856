/** When a subscriber's digest falls due: a local hour, daily or on one weekday, at a UTC offset. */

export type Cadence = "instant" | "daily" | "weekly";
export const CADENCES: readonly Cadence[] = ["instant", "daily", "weekly"];

export interface DigestSchedule {
  cadence: "daily" | "weekly";
  /** Local hour, 0–23. */
  hour: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday (weekly only). */
  weekday: number;
  /** Minutes east of UTC, a multiple of 15 from −720 to +840. */
  offsetMinutes: number;
}

export const MIN_OFFSET = -12 * 60;
export const MAX_OFFSET = 14 * 60;
export const OFFSET_STEP = 15;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function isValidOffset(minutes: number): boolean {
  return (
    Number.isInteger(minutes) && minutes % OFFSET_STEP === 0 && minutes >= MIN_OFFSET && minutes <= MAX_OFFSET
  );
}

/** ISO weekday of a day that starts at `localMidnight` (ms, already shifted to local time). */
function isoWeekday(localMidnight: number): number {
  const day = new Date(localMidnight).getUTCDay(); // 0 = Sunday
  return day === 0 ? 7 : day;
}

/** The most recent moment at or before `now` when this digest was due. */
export function latestSlot(s: DigestSchedule, now: number): number {
  const offset = s.offsetMinutes * 60_000;
  const local = now + offset;
  let slot = Math.floor(local / DAY) * DAY + s.hour * HOUR;
  if (slot > local) slot -= DAY;
  if (s.cadence === "weekly") while (isoWeekday(Math.floor(slot / DAY) * DAY) !== s.weekday) slot -= DAY;
  return slot - offset;
}

/** The first moment strictly after `now` when this digest falls due. */
export function nextSlot(s: DigestSchedule, now: number): number {
  return latestSlot(s, now) + (s.cadence === "weekly" ? 7 * DAY : DAY);
}

/** "UTC+05:45", "UTC−03:30", "UTC". */
export function formatOffset(minutes: number): string {
  if (minutes === 0) return "UTC";
  const sign = minutes > 0 ? "+" : "−";
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}
