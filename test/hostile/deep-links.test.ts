import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { deepLinkPayload } from "./arbitraries.js";
import { type InProcessRelay, inProcessRelay } from "./in-process.js";
import { assertHostile, commandFields, messageUpdate } from "./property.js";

let relay: InProcessRelay;
beforeAll(() => {
  relay = inProcessRelay();
});
afterAll(async () => {
  await relay?.close();
});

describe("hostile deep-link payloads", () => {
  it("opens, greets or explains every /start payload (and startgroup's /start@bot), never fails", async () => {
    const arb = fc.tuple(
      deepLinkPayload,
      fc.constantFrom("private", "private", "group") as fc.Arbitrary<"private" | "group">,
    );
    await assertHostile(relay, arb, ([payload, place], i) =>
      messageUpdate(
        place,
        i,
        commandFields(`/start${place === "group" ? "@relay_test_bot" : ""} ${payload}`),
      ),
    );
  }, 180_000);
});
