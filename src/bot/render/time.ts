import type { Lang } from "../../core/article/model.js";

/** "Monday", "lundi", "понедельник": ISO weekday (1 = Monday) from the runtime's CLDR data (2024-01-01 was a Monday). */
export function weekdayName(lang: Lang, weekday: number): string {
  return new Intl.DateTimeFormat(lang, { weekday: "long", timeZone: "UTC" }).format(
    Date.UTC(2024, 0, weekday),
  );
}

/** "09:00": a digest's hour. */
export const hourOfDay = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

/** "2025-11-25 14:05 UTC": one unambiguous form in every language. */
export const utcTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
