import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type App, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { BotApiEmulator } from "../../src/sandbox/emulator.js";
import type { TestUser } from "../../src/sandbox/test-user.js";
import type { SentMessage } from "../../src/sandbox/types.js";

const OPERATORS = { fr: 6_100_000_001, en: 6_100_000_002, ru: 6_100_000_003 };
let emulator: BotApiEmulator;
let app: App;
let wiped = 0;
const logs: string[] = [];
const dir = mkdtempSync(join(tmpdir(), "relay-wipe-"));
const dbPath = join(dir, "relay.db");

beforeAll(async () => {
  emulator = await BotApiEmulator.start({ rateLimit: { global: 30, perChat: 1, perGroupPerMinute: 20 } });
  const config = {
    ...loadConfig({ OPERATOR_IDS: Object.values(OPERATORS).join(",") }),
    databasePath: dbPath,
    dataKey: randomBytes(32),
    token: emulator.token,
    apiRoot: emulator.apiRoot,
  };
  app = createApp({
    config,
    logger: createLogger("trace", { write: (l: string) => void logs.push(l) }),
    botInfo: emulator.botInfo,
    onWiped: () => wiped++,
  });
  await app.start();
});
afterAll(async () => {
  await app.stop();
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

async function say(user: TestUser, text: string): Promise<SentMessage[]> {
  const sent = user.send(text);
  await emulator.waitForIdle();
  if (user.replies({ after: sent.message_id }).length === 0) {
    await user.nextReply(3000).catch(() => undefined);
    await emulator.waitForIdle();
  }
  return user.replies({ after: sent.message_id });
}

const rowCount = () => {
  const tables = app.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  return tables.reduce(
    (n, t) => n + (app.db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number),
    0,
  );
};

describe.each([
  {
    code: "fr",
    phrase: "TOUT EFFACER MAINTENANT",
    confirm: "Pour confirmer",
    wrong: "rien n’a été effacé",
    done: "Effacé",
  },
  {
    code: "en",
    phrase: "ERASE EVERYTHING NOW",
    confirm: "To confirm",
    wrong: "nothing was deleted",
    done: "Wiped",
  },
  {
    code: "ru",
    phrase: "СТЕРЕТЬ ВСЁ СЕЙЧАС",
    confirm: "Чтобы подтвердить",
    wrong: "ничего не удалено",
    done: "Стёрто",
  },
] as const)("/wipe for a $code operator", ({ code, phrase, confirm, wrong, done }) => {
  it("asks for the typed phrase, then deletes every row, the WAL, the backups and the webhook, and stops", async () => {
    const operator = emulator.user({ id: OPERATORS[code], language_code: code });
    const reader = emulator.user({ language_code: code });
    await say(reader, "/lang en");
    await say(reader, "/subscribe");
    const backup = join(dir, `relay.backup-2026${code}.db`);
    writeFileSync(backup, "a backup");
    const before = rowCount();
    expect(before).toBeGreaterThanOrEqual(2);

    expect((await say(operator, "/wipe"))[0]?.text).toContain(confirm);
    expect((await say(operator, "/wipe erase"))[0]?.text).toContain(wrong);
    expect((await say(reader, `/wipe ${phrase}`))[0]?.text).not.toContain(done); // readers cannot
    expect(rowCount()).toBe(before);
    expect(existsSync(backup)).toBe(true);

    const webhookCalls = emulator.calls.filter((c) => c.method === "deleteWebhook").length;
    const logged = logs.length;
    const reply = await say(operator, `/wipe ${phrase}`);
    expect(reply[0]?.text).toContain(done);
    await vi.waitFor(() => expect(wiped).toBe(["fr", "en", "ru"].indexOf(code) + 1)); // after the reply
    expect(rowCount()).toBe(0);
    expect(existsSync(backup)).toBe(false);
    expect(statSync(`${dbPath}-wal`).size).toBe(0);
    expect(emulator.calls.filter((c) => c.method === "deleteWebhook").length).toBe(webhookCalls + 1);
    expect(logs.slice(logged).join("\n")).not.toMatch(/wipe/i);
  });
});
