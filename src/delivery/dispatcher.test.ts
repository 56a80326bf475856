import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Api } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTranslator } from "../bot/i18n.js";
import type { UpdateContent } from "../core/delivery/content.js";
import { createIdentity } from "../db/identity.js";
import { type Db, openDatabase } from "../db/open.js";
import { type Outbox, outbox } from "../db/outbox.js";
import { subscribers } from "../db/subscribers.js";
import { updates } from "../db/updates.js";
import { createLogger } from "../logger.js";
import { Dispatcher } from "./dispatcher.js";
import { createJobs } from "./jobs.js";

const texts = createTranslator(join(import.meta.dirname, "..", "..", "locales"));
const content: UpdateContent = { original: "en", bodies: { en: { text: "Released", entities: [] } } };
const CHATS = 40;
const CONCURRENCY = 8;

/** A Bot API that holds every send until the test answers it; a chat has its message once answered. */
function heldApi() {
  const waiting: Array<() => void> = [];
  const received: number[] = [];
  let messageId = 100;
  const api = {
    sendMessage: (chatId: number) =>
      new Promise((resolve) =>
        waiting.push(() => {
          received.push(chatId);
          resolve({ message_id: messageId++ });
        }),
      ),
    getMe: async () => ({ id: 1 }),
    deleteMessage: async () => true,
  } as unknown as Api;
  return {
    api,
    waiting,
    received,
    /** Telegram answers every request in flight at once (they arrive in one turn of the event loop). */
    answerAll: () => {
      for (const answer of waiting.splice(0)) answer();
    },
  };
}

async function until(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within 5 s`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

describe("the dispatcher without a rate: claims and answers in batches", () => {
  const ids = createIdentity(randomBytes(32));
  const now = () => Date.now();
  let dir: string;
  let db: Db;
  let box: Outbox;
  let dispatcher: Dispatcher | undefined;
  const sending = (d: Db) =>
    d.prepare("SELECT COUNT(*) FROM delivery WHERE state = 'sending'").pluck().get() as number;
  const sent = (d: Db) =>
    d.prepare("SELECT COUNT(*) FROM delivery WHERE state = 'sent'").pluck().get() as number;

  const start = (api: Api, on: Db = db, onBox: Outbox = box) => {
    const d = new Dispatcher({
      api,
      outbox: onBox,
      jobs: createJobs({ updates: updates(on, ids, now), texts, paid: true, logger: createLogger("silent") }),
      ids,
      logger: createLogger("silent"),
      now,
      rate: Number.POSITIVE_INFINITY,
      concurrency: CONCURRENCY,
    });
    d.start();
    return d;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "relay-dispatcher-"));
    db = openDatabase(":memory:");
    box = outbox(db, ids, now);
    const subs = subscribers(db, ids, now);
    for (let i = 1; i <= CHATS; i++) subs.subscribe(1_000_000_000 + i, { isGroup: false, lang: "en" });
    updates(db, ids, now).publish({ draftKey: "batch", content, sensitive: false });
  });
  afterEach(async () => {
    await dispatcher?.stop();
    dispatcher = undefined;
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("records every answer before the next claim, so rows 'sending' are only the requests in flight", async () => {
    const held = heldApi();
    const claims: number[] = [];
    const records: number[] = [];
    const { claimAll, sentAll } = box;
    box.claimAll = (rowIds, putOff) => {
      // Nothing answered is left unrecorded, and nothing unanswered is recorded.
      expect(sent(db)).toBe(held.received.length);
      expect(sending(db)).toBe(held.waiting.length);
      claims.push(rowIds.length);
      return claimAll(rowIds, putOff);
    };
    box.sentAll = (outcomes) => {
      records.push(outcomes.length);
      return sentAll(outcomes);
    };
    dispatcher = start(held.api);
    while (held.received.length < CHATS) {
      await until("sends in flight", () => held.waiting.length > 0);
      expect(held.waiting.length).toBeLessThanOrEqual(CONCURRENCY);
      held.answerAll();
    }
    await until("every answer recorded", () => sent(db) === CHATS);
    expect(new Set(held.received).size).toBe(CHATS);
    expect(updates(db, ids, now).get(1)).toMatchObject({ sent: CHATS, failed: 0 });
    // Eight answers that arrive together are one transaction; eight free requests, one claim.
    expect(Math.max(...records)).toBe(CONCURRENCY);
    expect(Math.max(...claims)).toBe(CONCURRENCY);
    expect(records.length).toBeLessThanOrEqual(CHATS / 4);
    expect(claims.length).toBeLessThanOrEqual(CHATS / 4);
  });

  it("records the answers it holds when stopped", async () => {
    const held = heldApi();
    dispatcher = start(held.api);
    await until("sends in flight", () => held.waiting.length === CONCURRENCY);
    held.answerAll();
    await dispatcher.stop();
    dispatcher = undefined;
    expect(sent(db)).toBe(CONCURRENCY);
    expect(sending(db)).toBe(0);
  });

  it("after a crash with a batch of answers not yet recorded, resends at most the requests that were in flight", async () => {
    const held = heldApi();
    const snapshot = join(dir, "crash.db");
    let receivedAtCrash: number[] | undefined;
    let batches = 0;
    const { sentAll } = box;
    box.sentAll = (outcomes) => {
      // The process dies here, with this batch of answers only in memory: what the disk holds, and
      // what Telegram had received by then.
      if (++batches === 3) {
        writeFileSync(snapshot, db.serialize());
        receivedAtCrash = [...held.received];
      }
      return sentAll(outcomes);
    };
    dispatcher = start(held.api);
    while (!receivedAtCrash) {
      await until("sends in flight", () => held.waiting.length > 0 || receivedAtCrash !== undefined);
      held.answerAll();
      await new Promise((r) => setTimeout(r, 1));
    }
    let stopped = false;
    const stopping = dispatcher.stop().then(() => {
      stopped = true;
    });
    while (!stopped) {
      held.answerAll();
      await new Promise((r) => setTimeout(r, 1));
    }
    await stopping;

    // The restart, on what the crash left; Telegram now answers at once.
    const after = openDatabase(snapshot);
    try {
      const crashedBox = outbox(after, ids, now);
      const left = sending(after);
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(CONCURRENCY);
      const again = heldApi();
      const answering = setInterval(again.answerAll, 1);
      dispatcher = start(again.api, after, crashedBox);
      try {
        await until("every row sent after the restart", () => sent(after) === CHATS);
      } finally {
        await dispatcher.stop();
        clearInterval(answering);
        dispatcher = undefined;
      }
      const copies = new Map<number, number>();
      for (const chat of [...(receivedAtCrash ?? []), ...again.received])
        copies.set(chat, (copies.get(chat) ?? 0) + 1);
      // Everyone has it; a second copy only where the crash left a row 'sending', and each one counted.
      expect(copies.size).toBe(CHATS);
      const twice = [...copies.values()].filter((n) => n === 2).length;
      expect([...copies.values()].every((n) => n <= 2)).toBe(true);
      expect(twice).toBeGreaterThan(0);
      expect(twice).toBeLessThanOrEqual(left);
      expect(crashedBox.counters.get("ambiguous_resent")).toBe(left);
    } finally {
      after.close();
    }
  });
});
