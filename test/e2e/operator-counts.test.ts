import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Lang } from "../../src/core/article/model.js";
import type { UpdateContent } from "../../src/core/delivery/content.js";
import { subscribers } from "../../src/db/subscribers.js";
import { updates } from "../../src/db/updates.js";
import type { TestUser } from "../../src/sandbox/test-user.js";
import { type Harness, startHarness, TELEGRAM_RATES } from "./delivery-harness.js";

const text = (s: string): UpdateContent => ({ original: "en", bodies: { en: { text: s, entities: [] } } });

let h: Harness;
let n = 0;
const publish = (
  content: UpdateContent,
  extra: { sensitive?: boolean; deleteAfterSeconds?: number } = {},
) => {
  const r = updates(h.app.db, h.ids, h.now).publish({
    draftKey: `counts-${++n}`,
    content,
    sensitive: extra.sensitive ?? false,
    deleteAfterSeconds: extra.deleteAfterSeconds,
  });
  h.app.delivery.kick();
  return r;
};

/** One reply, waited for: under Telegram's per-chat limit a reply may wait out a 429 first. */
async function reply(user: TestUser, message: string) {
  const next = user.nextReply(10_000);
  user.send(message);
  return [await next];
}
const say = (_: Harness, user: TestUser, message: string) => reply(user, message);

describe("operators' counts: deletions are not pending sends, digests are deliveries", () => {
  const readers = {} as Record<Lang, TestUser>;
  beforeAll(async () => {
    // Telegram's limits on, and a 502 on the way: the counts must still come out right.
    h = await startHarness({ rateLimit: TELEGRAM_RATES });
    const subs = subscribers(h.app.db, h.ids, h.now);
    for (const lang of ["fr", "en", "ru"] as const) {
      readers[lang] = h.emulator.user({ language_code: lang });
      subs.subscribe(readers[lang].id, { isGroup: false, lang });
    }
    const hour = (new Date(h.now()).getUTCHours() + 2) % 24;
    subs.change(readers.ru.id, { cadence: "daily", hour, offsetMinutes: 0 });
  });
  afterAll(() => h.stop());

  it("counts a sensitive update's scheduled deletion as a deletion in /stats and /mydata (fr, en, ru)", async () => {
    h.emulator.faults.status5xx(1);
    publish(text("Safe house address"), { sensitive: true, deleteAfterSeconds: 3600 });
    await h.settle(30_000);
    expect(readers.en.lastReply?.text).toBe("Safe house address");

    const op = h.freshOperator();
    const [stats] = await say(h, op, "/stats");
    expect(stats?.text).toContain("0 pending");
    expect(stats?.text).toMatch(/Scheduled deletions \(sensitive or retracted updates\): 2/);
    await say(h, op, "/lang fr");
    const [statsFr] = await say(h, op, "/stats");
    expect(statsFr?.text).toContain("en attente 0");
    expect(statsFr?.text).toContain("Suppressions programmées (mises à jour sensibles ou retirées) : 2");

    const [mine] = await say(h, readers.en, "/mydata");
    expect(mine?.text).toContain("1 message sent to you that Relay will delete from this chat");
    expect(mine?.text).not.toMatch(/waiting to be sent/);
    const [mineFr] = await say(h, readers.fr, "/mydata");
    expect(mineFr?.text).toContain("1 message qui vous a été envoyé et que Relay supprimera");
    expect(mineFr?.text).not.toMatch(/en attente d’envoi/);
    const [mineRu] = await say(h, readers.ru, "/mydata");
    expect(mineRu?.text).not.toMatch(/удалит|ждёт отправки/);
  }, 60_000);

  it("shows each update's deliveries at once and in digests in /updates", async () => {
    const first = publish(text("First news"));
    publish(text("Second news"));
    await h.settle(30_000);
    h.advance(2 * 3_600_000);
    h.app.delivery.digestClock.tick();
    await h.settle(30_000);
    expect(readers.ru.replies().some((m) => m.text?.includes("First news"))).toBe(true);

    const op = h.freshOperator();
    const [list] = await say(h, op, "/updates");
    const line = list?.text?.split("\n").find((l) => l.startsWith(`#${first.id} `));
    expect(line).toMatch(/2\/2 delivered, 0 failed, 0 pending · in digests 1\/1/);
    await say(h, op, "/lang ru");
    const [listRu] = await say(h, op, "/updates");
    expect(listRu?.text).toContain("в сводках 1/1");
  }, 60_000);
});
