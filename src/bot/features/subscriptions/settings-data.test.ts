import { describe, expect, it } from "vitest";
import { type SettingsAction, settingsData } from "./settings-data.js";

describe("settingsData", () => {
  const actions: SettingsAction[] = [
    { kind: "cadence", cadence: "weekly" },
    { kind: "hour", hour: 23 },
    { kind: "weekday", weekday: 7 },
    { kind: "offset", minutes: -705 },
    { kind: "offset", minutes: 840 },
    { kind: "lang", lang: "ru" },
    { kind: "subscribe" },
  ];

  it.each(actions)("fits in 64 bytes and round-trips %j", (a) => {
    const data = settingsData.encode(a);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(settingsData.decode(data)).toEqual(a);
  });

  it.each(["st:h:24", "st:w:8", "st:o:10", "st:o:855", "st:l:de", "st:c:hourly", "st:", "sub:off"])(
    "rejects %j",
    (data) => {
      expect(settingsData.decode(data)).toBeUndefined();
    },
  );
});
