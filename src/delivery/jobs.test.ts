import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Api } from "grammy";
import { beforeEach, describe, expect, it } from "vitest";
import { createTranslator } from "../bot/i18n.js";
import type { UpdateContent } from "../core/delivery/content.js";
import { createIdentity } from "../db/identity.js";
import { type Db, openDatabase } from "../db/open.js";
import { type DeliveryRow, outbox } from "../db/outbox.js";
import { subscribers } from "../db/subscribers.js";
import { updates } from "../db/updates.js";
import { createLogger } from "../logger.js";
import { createJobs, type Job } from "./jobs.js";

const texts = createTranslator(join(import.meta.dirname, "..", "..", "locales"));
const content: UpdateContent = {
  original: "en",
  bodies: { en: { text: "Released today", entities: [{ type: "bold", offset: 0, length: 8 }] } },
};

/** An Api that records each call and answers with message 77. */
function recordingApi() {
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const record =
    (method: string) =>
    async (...args: unknown[]) => {
      calls.push({ method, args });
      return { message_id: 77 };
    };
  const api = {
    sendMessage: record("sendMessage"),
    sendPhoto: record("sendPhoto"),
    editMessageText: record("editMessageText"),
    editMessageCaption: record("editMessageCaption"),
    deleteMessage: record("deleteMessage"),
  } as unknown as Api;
  return { api, calls };
}

describe("jobs", () => {
  const ids = createIdentity(randomBytes(32));
  const now = () => 1_700_000_000_000;
  let db: Db;
  let ups: ReturnType<typeof updates>;
  let box: ReturnType<typeof outbox>;
  let jobs: ReturnType<typeof createJobs>;
  const build = (row: DeliveryRow): Job => {
    const job = jobs.build(row);
    if (!job || job === "later" || job === "stale") throw new Error(`no job for ${row.kind}`);
    return job;
  };
  const onlyRow = (): DeliveryRow => {
    const [row] = box.ready(now(), 10);
    if (!row) throw new Error("no row");
    return row;
  };

  beforeEach(() => {
    db = openDatabase(":memory:");
    ups = updates(db, ids, now);
    box = outbox(db, ids, now);
    jobs = createJobs({ updates: ups, texts, paid: false, logger: createLogger("silent") });
    subscribers(db, ids, now).subscribe(5, { isGroup: false, lang: "ru" });
  });

  it("sends an update in the reader's language (the original with a note), with its entities, buttons and version", async () => {
    ups.publish({ draftKey: "a", content, sensitive: true, deleteAfterSeconds: 3600 });
    const job = build(onlyRow());
    expect(job).toMatchObject({ operation: "send", contentVersion: 1 });
    const { api, calls } = recordingApi();
    expect(await job.run(api, 5)).toBe(77);
    const [chatId, text, options] = (calls[0]?.args ?? []) as [number, string, Record<string, unknown>];
    expect(chatId).toBe(5);
    expect(text).toMatch(/\n\nReleased today$/);
    expect(text).not.toBe("Released today"); // a Russian reader is told this is the English original
    const offset = text.length - "Released today".length;
    expect(options.entities).toContainEqual({ type: "bold", offset, length: 8 });
    expect(options.protect_content).toBe(true);
    expect(JSON.stringify(options.reply_markup)).toContain("sub:off");
  });

  it("builds nothing for a retracted update, and a correction only where a message id is known", async () => {
    const { id } = ups.publish({ draftKey: "a", content, sensitive: false });
    const row = onlyRow();
    expect(jobs.build({ ...row, kind: "edit", messageId: null })).toBeUndefined();
    const edit = build({ ...row, kind: "edit", messageId: 12 });
    const { api, calls } = recordingApi();
    await edit.run(api, 5);
    expect(calls.map((c) => c.method)).toEqual(["editMessageText"]);
    expect(calls[0]?.args.slice(0, 2)).toEqual([5, 12]);
    ups.retract(id);
    expect(jobs.build(row)).toBeUndefined();
    expect(jobs.build({ ...row, kind: "edit", messageId: 12 })).toBeUndefined();
  });

  it("deletes by message id, and bundles a digest under its header in the reader's language", async () => {
    const { id } = ups.publish({ draftKey: "a", content, sensitive: false });
    const row = onlyRow();
    const { api, calls } = recordingApi();
    await build({ ...row, kind: "delete", messageId: 12 }).run(api, 5);
    const payload = JSON.stringify({ ids: [id], header: true, total: 1 });
    await build({ ...row, kind: "digest", updateId: null, payload }).run(api, 5);
    expect(calls[0]).toEqual({ method: "deleteMessage", args: [5, 12] });
    expect(calls[1]?.args[1]).toMatch(/^Сводка Relay: 1 новость\n/);
    expect(calls[1]?.args[1]).toContain("Released today");
    expect(jobs.build({ ...row, kind: "digest", updateId: null, payload: '{"ids":[999]}' })).toBeUndefined();
  });

  it("renders once for every reader of a language, and an /edit or a /retract reaches the very next send", async () => {
    subscribers(db, ids, now).subscribe(6, { isGroup: false, lang: "ru" });
    const { id } = ups.publish({ draftKey: "e", content, sensitive: false });
    const [a, b] = box.ready(now(), 10);
    if (!a || !b) throw new Error("two rows expected");
    const { api, calls } = recordingApi();
    await build(a).run(api, 5);
    await build(b).run(api, 6);
    const [first, second] = calls.map((c) => c.args[2]);
    expect(second).toBe(first); // the same options object: rendered once
    const edited: UpdateContent = {
      original: "en",
      bodies: { en: { text: "Released at noon", entities: [] } },
    };
    ups.edit(id, edited);
    const again = build(a);
    expect(again.contentVersion).toBe(2);
    await again.run(api, 5);
    expect(calls[2]?.args[1]).toMatch(/Released at noon$/);
    ups.retract(id);
    expect(jobs.build(b)).toBeUndefined();
  });
});
