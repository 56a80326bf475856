import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscribers } from "../../src/db/subscribers.js";
import { updates } from "../../src/db/updates.js";
import type { TestUser } from "../../src/sandbox/test-user.js";
import type { SentMessage } from "../../src/sandbox/types.js";
import { until } from "../fault/relay-process.js";
import {
  count,
  type Harness,
  labels,
  lastWithButtons,
  OPERATOR_IDS,
  startHarness,
  TELEGRAM_RATES,
} from "./delivery-harness.js";

const HOUR = 3_600_000;

/** The bot's current version of a message (edits and deletions applied). */
const current = (user: TestUser, m: SentMessage | undefined) =>
  user.replies().find((r) => r.message_id === m?.message_id);

/** Sends a command and waits for the bot's answer (Telegram's limits are on: no waiting for idleness). */
async function command(user: TestUser, text: string, answer: RegExp) {
  const sent = user.send(text);
  await until(
    () => user.replies({ after: sent.message_id }).some((m) => answer.test(m.text ?? "")),
    20_000,
    answer.source,
  );
}

async function choose(user: TestUser, label: string) {
  await until(() => labels(lastWithButtons(user)).includes(label), 20_000, label);
  await user.press(lastWithButtons(user) as never, label);
}

describe("/retract and /edit reach the digests that carried an update", () => {
  let h: Harness;
  let both: TestUser;
  let onlyFirst: TestUser;
  let instant: TestUser;
  let digestOfBoth: SentMessage | undefined;
  let digestOfFirst: SentMessage | undefined;

  beforeAll(async () => {
    h = await startHarness({ rateLimit: TELEGRAM_RATES });
    both = h.emulator.user({ language_code: "en" });
    onlyFirst = h.emulator.user({ language_code: "fr" });
    instant = h.emulator.user({ language_code: "ru" });
    for (const u of [both, onlyFirst, instant]) await command(u, "/subscribe", /./);
    await until(() => count(h, "SELECT COUNT(*) FROM subscriber") === 3, 20_000, "subscriptions");
    const subs = subscribers(h.app.db, h.ids, h.now);
    const hour = new Date(h.now()).getUTCHours();
    subs.change(onlyFirst.id, { cadence: "daily", hour: (hour + 1) % 24, offsetMinutes: 0 });
    subs.change(both.id, { cadence: "daily", hour: (hour + 2) % 24, offsetMinutes: 0 });
    const ups = updates(h.app.db, h.ids, h.now);
    const publish = (draftKey: string, text: string) => {
      ups.publish({
        draftKey,
        content: { original: "en", bodies: { en: { text, entities: [] } } },
        sensitive: false,
      });
      h.app.delivery.kick();
    };

    publish("one", "First news: two arrested");
    h.advance(HOUR);
    h.app.delivery.digestClock.tick();
    await until(() => onlyFirst.replies().some((m) => m.text?.includes("First news")), 20_000, "digest 1");
    publish("two", "Second news");
    h.advance(HOUR);
    h.app.delivery.digestClock.tick();
    await until(() => both.replies().some((m) => m.text?.includes("Second news")), 20_000, "digest 2");
    await h.settle();
    digestOfFirst = onlyFirst.replies().find((m) => m.text?.startsWith("Résumé"));
    digestOfBoth = both.replies().find((m) => m.text?.includes("Second news"));
    expect(digestOfFirst?.text).toContain("First news: two arrested");
    expect(digestOfBoth?.text).toMatch(/^Relay digest: 2 new updates[\s\S]*First news[\s\S]*Second news$/);
  });
  afterAll(() => h.stop());

  it("corrects an update inside the digest that carried it, and says so (en)", async () => {
    const op = h.emulator.user({ id: OPERATOR_IDS[3], language_code: "en" });
    // One language: /edit asks for the text straight away.
    await command(op, "/edit 2", /^Send the text in English/);
    op.send("Second news, corrected");
    await until(() => labels(lastWithButtons(op)).includes("Apply the correction"), 20_000, "confirm");
    // Telegram refuses the first edit: the digest is corrected all the same.
    h.emulator.faults.failNext("editMessageText", {
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      parameters: { retry_after: 1 },
    });
    await choose(op, "Apply the correction");
    await until(() => /^Update #2 corrected/.test(op.lastReply?.text ?? ""), 20_000, "confirmation");
    expect(op.lastReply?.text).toMatch(/\n1 digest that carried it is being corrected\.$/);
    await until(
      () => current(both, digestOfBoth)?.text?.endsWith("Second news, corrected") === true,
      20_000,
      "fix",
    );
    expect(current(both, digestOfBoth)?.text).toContain("First news: two arrested");
    expect(current(both, digestOfBoth)?.edited).toBe(true);
    expect(
      h.emulator.faults.log.filter((f) => f.phase === "applied" && f.method === "editMessageText"),
    ).toHaveLength(1);
  });

  it("removes a retracted update from every digest that carried it, deleting one it alone filled (fr)", async () => {
    const op = h.emulator.user({ id: OPERATOR_IDS[4], language_code: "fr" });
    await command(op, "/retract 1", /^Retirer la mise à jour n° 1/);
    h.emulator.faults.failNext("deleteMessage", { error_code: 502, description: "Bad Gateway" });
    await choose(op, "Retirer");
    const report = () => op.replies().find((m) => m.text?.startsWith("Mise à jour n° 1 retirée"))?.text;
    await until(() => report() !== undefined, 20_000, "the report");
    expect(report()).toBe(
      "Mise à jour n° 1 retirée. Envois en attente arrêtés : 0. En cours de suppression : 1 message. Trop anciens pour être supprimés : 0.\n" +
        "2 résumés qui la contenaient sont en cours de modification pour la retirer (supprimés quand c’était leur seul contenu).",
    );
    await until(() => current(onlyFirst, digestOfFirst)?.deleted === true, 30_000, "digest deleted");
    await until(() => !current(both, digestOfBoth)?.text?.includes("First news"), 30_000, "digest edited");
    expect(current(both, digestOfBoth)?.text).toBe("Relay digest: 1 new update\n\nSecond news, corrected");
    await until(
      () => instant.replies().every((m) => m.deleted || !m.text?.includes("First news")),
      30_000,
      "single",
    );
    expect(
      h.emulator.faults.log.filter((f) => f.phase === "applied" && f.method === "deleteMessage"),
    ).toHaveLength(1);
    // No copy of the retracted text is left in any reader's chat.
    for (const reader of [both, onlyFirst, instant])
      expect(reader.replies().filter((m) => !m.deleted && m.text?.includes("First news"))).toEqual([]);
  });

  it("says which digests it could no longer reach after 48 hours (ru)", async () => {
    h.advance(49 * HOUR);
    const op = h.emulator.user({ id: OPERATOR_IDS[5], language_code: "ru" });
    await command(op, "/retract 2", /^Отозвать новость № 2/);
    await choose(op, "Отозвать");
    const report = () => op.replies().find((m) => m.text?.startsWith("Новость № 2 отозвана"))?.text;
    await until(() => report() !== undefined, 20_000, "the report");
    expect(report()).toMatch(
      /слишком старых для удаления — 1\.\n1 сводка, отправленная больше 48 часов назад, всё ещё её показывает/,
    );
    expect(report()).not.toMatch(/исправляются|исправляется/);
  });
});
