import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SUBSCRIBER_BUTTONS } from "../core/delivery/subscriber-buttons.js";
import { autoDeleteData } from "./callback-data/auto-delete-data.js";
import { DOWNLOAD_DATA } from "./callback-data/download-data.js";
import { findData } from "./callback-data/find-data.js";
import { forgetData } from "./callback-data/forget-data.js";
import { moreData } from "./callback-data/more-data.js";
import { noteData } from "./callback-data/note-data.js";
import { openData, pageData, switchData, tocData } from "./callback-data/page-data.js";
import { openInData } from "./features/ask/locate-render.js";
import { langData } from "./features/language/index.js";
import { opData } from "./features/operators/op-data.js";
import { settingsData } from "./features/subscriptions/settings-data.js";

/** One sample of each feature's callback data, by feature. */
const samples: Record<string, string> = {
  "reading.page": pageData.encode(6, 2, "ru"),
  "reading.switch": switchData.encode(6, 36, "en"),
  "reading.open": openData.encode(6, 12),
  "reading.contents": tocData.data,
  "ask.find": findData.encode(),
  "ask.open-in": openInData.encode(6, 12, "fr"),
  "auto-delete": autoDeleteData.encode({ kind: "menu" }),
  download: DOWNLOAD_DATA,
  forget: forgetData.encode("yes"),
  language: langData.encode("fr"),
  notes: noteData.encode(2),
  operators: opData.encode({ kind: "confirm" }),
  "search.more": moreData.encode(5),
  settings: settingsData.encode({ kind: "cadence", cadence: "daily" }),
  "subscriber-buttons": SUBSCRIBER_BUTTONS.settings,
};

describe("callback data namespaces", () => {
  it("gives every feature its own prefix, so no press can reach two features' handlers", () => {
    const owners = new Map<string, string[]>();
    for (const [feature, data] of Object.entries(samples)) {
      const prefix = data.split(":")[0] as string;
      owners.set(prefix, [...(owners.get(prefix) ?? []), feature.split(".")[0] as string]);
    }
    const shared = [...owners].filter(([, features]) => new Set(features).size > 1);
    expect(shared).toEqual([]);
  });

  it("has a sample above for every codec in the shared callback-data folder", async () => {
    const dir = new URL("./callback-data/", import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
    const unsampled: string[] = [];
    for (const file of files) {
      const mod: Record<string, unknown> = await import(new URL(file.replace(/\.ts$/, ".js"), dir).href);
      for (const [name, codec] of Object.entries(mod)) {
        const pattern = (codec as { pattern?: unknown })?.pattern;
        if (!(pattern instanceof RegExp)) continue;
        if (!Object.values(samples).some((data) => pattern.test(data))) unsampled.push(`${file}: ${name}`);
      }
    }
    expect(files.length).toBeGreaterThan(0);
    expect(unsampled).toEqual([]);
  });
});
