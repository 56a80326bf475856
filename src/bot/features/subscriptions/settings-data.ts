import { isLang, type Lang } from "../../../core/article/model.js";
import { type Cadence, isValidOffset } from "../../../core/delivery/digest-due.js";

/** One press on the /settings keyboard: an absolute value, so a double tap changes nothing twice. */
export type SettingsAction =
  | { kind: "cadence"; cadence: Cadence }
  | { kind: "hour"; hour: number }
  | { kind: "weekday"; weekday: number }
  | { kind: "offset"; minutes: number }
  | { kind: "lang"; lang: Lang }
  | { kind: "subscribe" };

// "st:o:-705" is the widest: 9 bytes, far under Telegram's 64.
const PATTERN = /^st:(?:c:(instant|daily|weekly)|h:(\d{1,2})|w:([1-7])|o:(-?\d{1,3})|l:([a-z]{2})|(sub))$/;

export const settingsData = {
  pattern: PATTERN,
  encode(a: SettingsAction): string {
    switch (a.kind) {
      case "cadence":
        return `st:c:${a.cadence}`;
      case "hour":
        return `st:h:${a.hour}`;
      case "weekday":
        return `st:w:${a.weekday}`;
      case "offset":
        return `st:o:${a.minutes}`;
      case "lang":
        return `st:l:${a.lang}`;
      case "subscribe":
        return "st:sub";
    }
  },
  decode(data: string): SettingsAction | undefined {
    const m = PATTERN.exec(data);
    if (!m) return undefined;
    const [, cadence, hour, weekday, offset, lang, sub] = m;
    if (cadence) return { kind: "cadence", cadence: cadence as Cadence };
    if (hour !== undefined) return Number(hour) <= 23 ? { kind: "hour", hour: Number(hour) } : undefined;
    if (weekday) return { kind: "weekday", weekday: Number(weekday) };
    if (offset !== undefined)
      return isValidOffset(Number(offset)) ? { kind: "offset", minutes: Number(offset) } : undefined;
    if (lang) return isLang(lang) ? { kind: "lang", lang } : undefined;
    return sub ? { kind: "subscribe" } : undefined;
  },
};
