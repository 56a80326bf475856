import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UpdateContent } from "../../src/core/delivery/content.js";
import { updates } from "../../src/db/updates.js";
import type { TestUser } from "../../src/sandbox/test-user.js";
import {
  count,
  type Harness,
  press,
  startHarness,
  subscribedReaders,
  TELEGRAM_RATES,
} from "./delivery-harness.js";

const body = (text: string) => ({ text, entities: [] });
const v1: UpdateContent = {
  original: "en",
  bodies: { en: body("Released"), fr: body("Libérée"), ru: body("Освобождена") },
};
const v2: UpdateContent = {
  original: "en",
  bodies: {
    en: body("Released after 3 days"),
    fr: body("Libérée après 3 jours"),
    ru: body("Освобождена через 3 дня"),
  },
};

/** Polls a condition (the emulator holds each answer for a while, so states last long enough to see). */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in 10 s");
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** An /edit or a /forget that lands while sends are on their way to Telegram, with Telegram's limits on. */
describe("races with sends in flight", () => {
  let h: Harness;
  let readers: Record<"fr" | "en" | "ru", TestUser>;
  beforeAll(async () => {
    h = await startHarness({ rateLimit: TELEGRAM_RATES });
    readers = await subscribedReaders(h);
  });
  afterAll(() => h.stop());

  it("corrects every copy that left before an /edit landed, in each reader's language", async () => {
    const ups = updates(h.app.db, h.ids, h.now);
    // Past the emulator's one-message-a-second window of each chat, so the first send is not a 429.
    h.advance(2000);
    h.emulator.faults.latency(600);
    const { id } = ups.publish({ draftKey: "race-edit", content: v1, sensitive: false });
    h.app.delivery.kick();
    await until(() => h.app.delivery.dispatcher.busy);
    // What /edit does, while the copies rendered from v1 are still on their way.
    expect(ups.edit(id, v2)?.edits).toBe(0);
    h.emulator.faults.latency(0);
    await h.settle();
    expect(readers.en.lastReply?.text).toBe("Released after 3 days");
    expect(readers.fr.lastReply?.text).toBe("Libérée après 3 jours");
    expect(readers.ru.lastReply?.text).toBe("Освобождена через 3 дня");
    // At least one copy was on its way when the edit landed (the others may have been rendered after it).
    expect(Object.values(readers).filter((r) => r.lastReply?.edited).length).toBeGreaterThan(0);
  });

  it("leaves no row and no message for a reader whose /forget ran while their copy was in flight", async () => {
    const reader = readers.ru;
    // A reply may wait out the emulator's one-message-a-second limit for this chat: wait for it.
    const asked = reader.nextReply(5000);
    reader.send("/forget");
    const confirm = await asked;
    const ups = updates(h.app.db, h.ids, h.now);
    // Past the emulator's one-message-a-second window of each chat, so the first send is not a 429.
    h.advance(2000);
    h.emulator.faults.latency(600);
    const { id } = ups.publish({
      draftKey: "race-forget",
      content: v1,
      sensitive: true,
      deleteAfterSeconds: 3600,
    });
    h.app.delivery.kick();
    // This reader's own copy must be the one in flight.
    const sending =
      "SELECT COUNT(*) FROM delivery WHERE chat_key = ? AND update_id = ? AND state = 'sending'";
    await until(() => count(h, sending, h.ids.lookupKey(reader.id), id) === 1);
    const pressed = press(h, reader, confirm, "Удалить всё");
    // The forget transaction runs as soon as the press arrives; its reply waits for the latency.
    await until(
      () => count(h, "SELECT COUNT(*) FROM subscriber WHERE chat_key = ?", h.ids.lookupKey(reader.id)) === 0,
    );
    h.emulator.faults.latency(0);
    await pressed;
    await h.settle();
    expect(count(h, "SELECT COUNT(*) FROM delivery WHERE chat_key = ?", h.ids.lookupKey(reader.id))).toBe(0);
    expect(count(h, "SELECT COUNT(*) FROM subscriber WHERE chat_key = ?", h.ids.lookupKey(reader.id))).toBe(
      0,
    );
    // The copy that arrived after /forget was deleted from the chat at once.
    const copies = reader.replies().filter((m) => m.text === "Освобождена");
    expect(copies.length).toBeGreaterThan(0);
    expect(copies.every((m) => m.deleted)).toBe(true);
  });
});
