import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updates } from "../../src/db/updates.js";
import type { TestUser } from "../../src/sandbox/test-user.js";
import { until } from "../fault/relay-process.js";
import { type Harness, OPERATOR_IDS, startHarness, TELEGRAM_RATES } from "./delivery-harness.js";

/** Sends /updates and waits for the list (on Telegram's limits the answer may wait out a 429). */
async function listOf(op: TestUser) {
  const sent = op.send("/updates");
  await until(() => op.replies({ after: sent.message_id }).length > 0, 20_000, "/updates");
  return op.replies({ after: sent.message_id });
}

describe("/updates", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rateLimit: TELEGRAM_RATES });
    const ups = updates(h.app.db, h.ids, h.now);
    const publish = (draftKey: string, original: "fr" | "en" | "ru", text: string, media = false) =>
      ups.publish({
        draftKey,
        content: {
          original,
          bodies: { [original]: { text, entities: [] } },
          ...(media ? { media: { kind: "photo" as const, fileId: "f" } } : {}),
        },
        sensitive: false,
      });
    publish(
      "a",
      "fr",
      "Arrestations à Almaty cette nuit : douze personnes emmenées depuis la place 🚨\nDétails",
    );
    publish("b", "ru", "Двое задержаны\nподробности позже");
    publish("c", "en", "", true);
  });
  afterAll(() => h.stop());

  it("shows each update's opening words beside its id, in the operator's language", async () => {
    const fr = h.emulator.user({ id: OPERATOR_IDS[10], language_code: "fr" });
    const [list] = await listOf(fr);
    expect(list?.text).toContain("« Arrestations à Almaty cette nuit : douze personnes emmenées… »");
    expect(list?.text).toMatch(/n° 2 · .* · ru · .*\n« Двое задержаны »/);
    expect(list?.text).toMatch(/n° 3 · .*\n\(sans légende\)/);

    const ru = h.emulator.user({ id: OPERATOR_IDS[11], language_code: "ru" });
    const [listRu] = await listOf(ru);
    expect(listRu?.text).toMatch(/№ 2 · .*\n«Двое задержаны»/);
    expect(listRu?.text).toContain("(без подписи)");

    const [listEn] = await listOf(h.operator);
    expect(listEn?.text).toMatch(/#1 · .* · fr · 0\/0 delivered.*\n“Arrestations à Almaty/);
  });
});
