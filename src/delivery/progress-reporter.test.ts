import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Api } from "grammy";
import { describe, expect, it } from "vitest";
import { createTranslator } from "../bot/i18n.js";
import type { UpdateContent } from "../core/delivery/content.js";
import { createIdentity } from "../db/identity.js";
import { openDatabase } from "../db/open.js";
import { outbox } from "../db/outbox.js";
import { subscribers } from "../db/subscribers.js";
import { updates } from "../db/updates.js";
import { createLogger } from "../logger.js";
import type { Dispatcher } from "./dispatcher.js";
import { createProgressReporter } from "./progress-reporter.js";

const ROOT = join(import.meta.dirname, "..", "..");
const content: UpdateContent = { original: "en", bodies: { en: { text: "Freed", entities: [] } } };

describe("the progress message", () => {
  it("does not end while later chunks of a large fan-out are still to be queued", async () => {
    const now = () => 1_700_000_000_000;
    const db = openDatabase(":memory:");
    const ids = createIdentity(randomBytes(32));
    const subs = subscribers(db, ids, now);
    for (let chat = 1; chat <= 25; chat++) subs.subscribe(chat, { isGroup: false, lang: "en" });
    const ups = updates(db, ids, now, { fanOutChunk: 10 });
    const box = outbox(db, ids, now);
    const { id } = ups.publish({
      draftKey: "a",
      content,
      sensitive: false,
      progress: { chatId: 999, lang: "en" },
    });
    ups.setProgressMessage(id, 1);
    const deliverQueued = () => {
      for (const row of box.ready(now(), 100)) {
        box.claim(row.id);
        box.sent(row, 100 + row.id);
      }
    };
    const edits: string[] = [];
    const api = {
      editMessageText: async (_chat: number, _message: number, text: string) => {
        edits.push(text);
        return true;
      },
    } as unknown as Api;
    const dispatcher = {
      reach: { since: undefined, down: false },
      reserve: async () => ({ done() {} }),
      pacer: { pause() {} },
    } as unknown as Dispatcher;
    const progress = createProgressReporter({
      api,
      updates: ups,
      ids,
      texts: createTranslator(join(ROOT, "locales")),
      dispatcher,
      logger: createLogger("error"),
      now,
    });

    // The first chunk is sent before the next is queued: nothing pending, yet 15 subscribers to come.
    deliverQueued();
    expect(ups.pending(id)).toBe(0);
    await progress.tick();
    expect(ups.watched().map((w) => w.id)).toEqual([id]);

    while (!ups.fanOutStep(id).done);
    deliverQueued();
    await progress.tick();
    expect(ups.watched()).toEqual([]);
    expect(edits).toHaveLength(2);
    expect(edits[1]).not.toBe(edits[0]);
  });
});
