import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../src/sandbox/test-user.js";
import { until } from "../fault/relay-process.js";
import {
  count,
  type Harness,
  labels,
  lastWithButtons,
  OPERATOR_IDS,
  say,
  startHarness,
  TELEGRAM_RATES,
} from "./delivery-harness.js";

const shows = (op: TestUser, pattern: RegExp, timeoutMs = 20_000) =>
  until(() => op.replies().some((m) => pattern.test(m.text ?? "")), timeoutMs, pattern.source);

describe("a step Telegram will not take, even after the retries", () => {
  let h: Harness;
  let reader: TestUser;
  beforeAll(async () => {
    h = await startHarness({ rateLimit: TELEGRAM_RATES });
    reader = h.emulator.user({ language_code: "fr" });
    await say(h, reader, "/subscribe");
  });
  afterAll(() => h.stop());

  it("keeps the French draft, says so in French, and shows the step again on the next message", async () => {
    const op = h.emulator.user({ id: OPERATOR_IDS[1], language_code: "fr" });
    op.send("/post");
    await shows(op, /^Envoyez la mise à jour/);
    op.send("Trois militantes libérées ce matin.");
    await until(() => labels(lastWithButtons(op)).includes("Français"), 20_000, "the language question");
    await op.press(lastWithButtons(op) as never, "Français");
    await shows(op, /^Langues pour l’instant/);
    await op.press(lastWithButtons(op) as never, "Pas d’autre langue");
    await shows(op, /^Cette mise à jour est-elle sensible/);
    // Longer than the bot waits for a 429 (10 s): the preview cannot be shown now.
    h.emulator.faults.failNext("sendMessage", {
      error_code: 429,
      description: "Too Many Requests: retry after 30",
      parameters: { retry_after: 30 },
    });
    await op.press(lastWithButtons(op) as never, "Pas sensible");
    // The token's one send budget honours the 30 s Telegram asked for: this word comes after it.
    await shows(op, /^Telegram ne répond pas pour l’instant.*Votre brouillon est conservé/, 45_000);
    expect(count(h, "SELECT COUNT(*) FROM conversation")).toBe(1);

    await op.send("ok");
    await shows(op, /^Publier maintenant \? Tout de suite : 1 abonné ;/);
    await op.press(lastWithButtons(op) as never, "Publier");
    await h.settle();
    await until(() => reader.lastReply?.text === "Trois militantes libérées ce matin.", 20_000, "delivery");
  }, 90_000);

  it("keeps the Russian draft through a dropped connection and what was typed with it", async () => {
    const op = h.emulator.user({ id: OPERATOR_IDS[2], language_code: "ru" });
    op.send("/post");
    await until(() => op.replies().length > 0, 20_000, "the /post prompt");
    h.emulator.faults.resetNext("sendMessage");
    await op.send("Задержаны двое.");
    await shows(op, /^Telegram сейчас не отвечает.*Черновик сохранён/);
    await op.send("ок");
    await until(() => labels(lastWithButtons(op)).includes("Русский"), 20_000, "the language question");
    await op.press(lastWithButtons(op) as never, "Русский");
    await until(() => labels(lastWithButtons(op)).includes("Других языков нет"), 20_000, "translations");
    await op.press(lastWithButtons(op) as never, "Других языков нет");
    await until(() => labels(lastWithButtons(op)).includes("Обычная"), 20_000, "sensitive");
    await op.press(lastWithButtons(op) as never, "Обычная");
    await until(() => labels(lastWithButtons(op)).includes("Опубликовать"), 20_000, "confirm");
    await op.press(lastWithButtons(op) as never, "Опубликовать");
    await h.settle();
    // The text typed just before the failure is the one published: nothing the operator wrote was lost.
    await until(() => reader.replies().some((m) => m.text?.endsWith("Задержаны двое.")), 20_000, "delivery");
  });
});
