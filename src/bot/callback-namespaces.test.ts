import { describe, expect, it } from "vitest";
import { SUBSCRIBER_BUTTONS } from "../core/delivery/subscriber-buttons.js";
import { findData } from "./features/ask/find-data.js";
import { openInData } from "./features/ask/locate-render.js";
import { forgetData } from "./features/forget/forget-data.js";
import { langData } from "./features/language/index.js";
import { noteData } from "./features/notes/note-data.js";
import { opData } from "./features/operators/op-data.js";
import { openData, pageData, switchData } from "./features/reading/page-data.js";
import { moreData } from "./features/search/render.js";
import { settingsData } from "./features/subscriptions/settings-data.js";

/** One sample of each feature's callback data, by feature. */
const samples: Record<string, string> = {
  "reading.page": pageData.encode(6, 2, "ru"),
  "reading.switch": switchData.encode(6, 36, "en"),
  "reading.open": openData.encode(6, 12),
  "ask.find": findData.encode(),
  "ask.open-in": openInData.encode(6, 12, "fr"),
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
});
