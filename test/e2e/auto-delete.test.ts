import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { BotApiEmulator } from "../../src/sandbox/emulator.js";
import type { TestUser } from "../../src/sandbox/test-user.js";
import type { SentMessage } from "../../src/sandbox/types.js";

const HOUR = 3_600_000;
const RATES = { global: 30, perChat: 1, perGroupPerMinute: 20 };

let emulator: BotApiEmulator;
let app: App;
// The app's clock runs with real time, moved on by hand: the send budget paces replies on it.
let offset = 0;
const dir = mkdtempSync(join(tmpdir(), "relay-autodelete-"));
const config = {
  ...loadConfig({}),
  databasePath: join(dir, "relay.db"),
  dataKey: randomBytes(32),
  token: "",
  apiRoot: "",
};
const start = async () => {
  app = createApp({
    config,
    logger: createLogger("silent"),
    botInfo: emulator.botInfo,
    now: () => Date.now() + offset,
  });
  await app.start();
};

beforeAll(async () => {
  emulator = await BotApiEmulator.start({ rateLimit: RATES });
  Object.assign(config, { token: emulator.token, apiRoot: emulator.apiRoot });
  await start();
});
afterAll(async () => {
  await app.stop();
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends a message and returns the bot's messages after it, once the bot is idle. */
async function say(user: TestUser, text: string): Promise<{ id: number; replies: SentMessage[] }> {
  const sent = user.send(text);
  await emulator.waitForIdle();
  if (user.replies({ after: sent.message_id }).length === 0) {
    await user.nextReply(3000).catch(() => undefined);
    await emulator.waitForIdle();
  }
  return { id: sent.message_id, replies: user.replies({ after: sent.message_id }) };
}

/** Every message id the bot asked Telegram to delete in this chat. */
const deletedIds = (chatId: number) =>
  emulator.calls
    .filter((c) => c.method === "deleteMessages" && c.ok && Number(c.params.chat_id) === chatId)
    .flatMap((c) => c.params.message_ids as number[]);
const rows = (table: string) => app.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

describe.each([
  {
    code: "fr",
    menu: "🗑 Suppression automatique…",
    hour: "1 heure",
    on: "Activée",
    line: "Suppression automatique après 1 heure",
  },
  { code: "en", menu: "🗑 Auto-delete…", hour: "1 hour", on: "On:", line: "Auto-delete after 1 hour" },
  { code: "ru", menu: "🗑 Автоудаление…", hour: "1 час", on: "Включено", line: "Автоудаление через 1 час" },
])("auto-delete for a $code reader", ({ code, menu, hour, on, line }) => {
  it("deletes the reader's messages and Relay's after the chosen delay, across a restart", async () => {
    const user = emulator.user({ language_code: code });
    const settings = (await say(user, "/settings")).replies[0] as SentMessage;
    const opened = user.nextReply(5000);
    await user.press(settings, menu);
    const view = await opened;
    const chosen = await user.press(view, hour);
    await emulator.waitForIdle();
    expect(chosen.answer?.text).toBeTruthy();
    expect(user.replies().find((m) => m.message_id === view.message_id)?.text).toContain(on);
    const asked = await say(user, "/note 2");
    const reply = asked.replies[0] as SentMessage;
    const mydata = await say(user, "/mydata");
    expect(mydata.replies[0]?.text).toContain(line);
    const before = rows("pending_deletion");
    expect(before).toBeGreaterThanOrEqual(4); // /note 2, its reply, /mydata, its reply

    // A restart in between: the rows are in the database, nothing is forgotten.
    await app.stop();
    await start();
    offset += HOUR - 60_000;
    await app.autoDelete.sweep();
    expect(deletedIds(user.id)).not.toContain(asked.id);
    offset += 2 * 60_000;
    // A 502 on the first attempt: the rows stay and the next sweep deletes them.
    emulator.faults.failNext("deleteMessages", { error_code: 502, description: "Bad Gateway" });
    await app.autoDelete.sweep();
    await app.autoDelete.sweep();
    const gone = deletedIds(user.id);
    expect(gone).toEqual(expect.arrayContaining([asked.id, reply.message_id, mydata.id]));
    expect(user.replies().find((m) => m.message_id === reply.message_id)?.deleted).toBe(true);
    expect(rows("pending_deletion")).toBe(before - 4);
  });
});

describe.each([
  {
    code: "fr",
    done: "C’est fait",
    older: "plus de 48 heures",
    refused: /Telegram a refusé de supprimer \d+ messages/,
    waiting: "1 message en attente de suppression",
  },
  {
    code: "en",
    done: "Done:",
    older: "older than 48 hours",
    refused: /Telegram refused to delete \d+ messages/,
    waiting: "1 message waiting to be deleted",
  },
  {
    code: "ru",
    done: "Готово",
    older: "старше 48 часов",
    refused: /Telegram отказался удалить \d+ сообщени/,
    waiting: "1 сообщение ждёт удаления",
  },
])("/panic for a $code reader", ({ code, done, older, refused, waiting }) => {
  it("deletes the chat's recent messages at once and says what it could not delete", async () => {
    const user = emulator.user({ language_code: code });
    const first = await say(user, "/note 1");
    // Telegram refuses the batch (a 400 is not retried): the report says how many, nothing is claimed.
    emulator.faults.failNext("deleteMessages", {
      error_code: 400,
      description: "Bad Request: message can't be deleted",
    });
    const refusedPanic = await say(user, "/panic");
    const refusal = refusedPanic.replies.at(-1) as SentMessage;
    expect(refusal.text).toMatch(refused);
    expect(deletedIds(user.id)).not.toContain(first.id);
    const second = await say(user, "/sections");
    const panic = await say(user, "/panic");
    const report = panic.replies.at(-1) as SentMessage;
    expect(report.text).toContain(done);
    expect(report.text).toContain(older);
    expect(report.text).not.toMatch(refused);
    const gone = deletedIds(user.id);
    expect(gone).toEqual(expect.arrayContaining([first.id, second.id, refusedPanic.id, panic.id]));
    expect(user.replies().find((m) => m.message_id === first.replies[0]?.message_id)?.deleted).toBe(true);
    expect(user.replies().find((m) => m.message_id === refusal.message_id)?.deleted).toBe(true);
    // The report deletes itself a minute later; until then /mydata shows its pending row.
    expect((await say(user, "/mydata")).replies[0]?.text).toContain(waiting);
    offset += 61_000;
    await app.autoDelete.sweep();
    expect(user.replies().find((m) => m.message_id === report.message_id)?.deleted).toBe(true);
  });
});

describe("a reader who turns auto-delete off or forgets", () => {
  it("leaves no setting and no pending row", async () => {
    const user = emulator.user({ language_code: "en" });
    const settings = (await say(user, "/settings")).replies[0] as SentMessage;
    const opened = user.nextReply(5000);
    await user.press(settings, "🗑 Auto-delete…");
    const view = await opened;
    await user.press(view, "24 hours");
    await emulator.waitForIdle();
    await say(user, "/note 3");
    const [settingsRows, pending] = [rows("auto_delete"), rows("pending_deletion")];
    await user.press(view, "Off");
    await emulator.waitForIdle();
    expect(rows("auto_delete")).toBe(settingsRows - 1);
    expect(rows("pending_deletion")).toBeLessThan(pending);
    expect((await say(user, "/privacy")).replies[0]?.text).toContain("auto-delete");
  });
});
