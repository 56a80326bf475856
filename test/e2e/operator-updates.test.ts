import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updates } from "../../src/db/updates.js";
import { type Harness, OPERATOR_IDS, say, startHarness, TELEGRAM_RATES } from "./delivery-harness.js";

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
    const [list] = await say(h, fr, "/updates");
    expect(list?.text).toContain("« Arrestations à Almaty cette nuit : douze personnes emmenées… »");
    expect(list?.text).toMatch(/n° 2 · .* · ru · .*\n« Двое задержаны »/);
    expect(list?.text).toMatch(/n° 3 · .*\n\(sans légende\)/);

    const ru = h.emulator.user({ id: OPERATOR_IDS[11], language_code: "ru" });
    const [listRu] = await say(h, ru, "/updates");
    expect(listRu?.text).toMatch(/№ 2 · .*\n«Двое задержаны»/);
    expect(listRu?.text).toContain("(без подписи)");

    const [listEn] = await say(h, h.operator, "/updates");
    expect(listEn?.text).toMatch(/#1 · .* · fr · 0\/0 delivered.*\n“Arrestations à Almaty/);
  });
});
