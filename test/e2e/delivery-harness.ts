/** Support for the subscription, operator and delivery tests: the real app on its emulator, a movable clock. */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Message } from "grammy/types";
import { type App, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createIdentity, type Identity } from "../../src/db/identity.js";
import { createLogger } from "../../src/logger.js";
import { BotApiEmulator } from "../../src/sandbox/emulator.js";
import type { TestUser } from "../../src/sandbox/test-user.js";
import type { RateLimitOptions, SentMessage } from "../../src/sandbox/types.js";

export const TELEGRAM_RATES: RateLimitOptions = { global: 30, perChat: 1, perGroupPerMinute: 20 };
export const OPERATOR_ID = 5_000_000_001;
/** Operators the app accepts: a test can take a fresh one, so per-sender flood limits never mix tests. */
export const OPERATOR_IDS = Array.from({ length: 12 }, (_, i) => OPERATOR_ID + i);

export interface Harness {
  emulator: BotApiEmulator;
  app: App;
  ids: Identity;
  dbPath: string;
  dataKey: Buffer;
  logs: string[];
  /** The first operator. */
  operator: TestUser;
  /** Another operator, never used before in this harness. */
  freshOperator(): TestUser;
  now(): number;
  /** Moves the bot's clock and the emulator's together. */
  advance(ms: number): void;
  /** Waits until the bot has handled every update and the outbox holds nothing due (pacing waits included). */
  settle(timeoutMs?: number): Promise<void>;
  /** Stops the app (keeping the database) and starts a new one on it. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(
  options: { env?: Record<string, string>; rateLimit?: RateLimitOptions; emulator?: BotApiEmulator } = {},
): Promise<Harness> {
  const emulator = options.emulator ?? (await BotApiEmulator.start({ rateLimit: options.rateLimit }));
  const operator =
    emulator.userById(OPERATOR_ID) ??
    emulator.user({ id: OPERATOR_ID, language_code: "en", first_name: "Op" });
  const dir = mkdtempSync(join(tmpdir(), "relay-delivery-"));
  const dbPath = join(dir, "relay.db");
  const dataKey = randomBytes(32);
  const logs: string[] = [];
  let offset = 0;
  const now = () => Date.now() + offset;
  const config = loadConfig({
    BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    DATA_KEY: dataKey.toString("hex"),
    DATABASE_PATH: dbPath,
    OPERATOR_IDS: OPERATOR_IDS.join(","),
    ...options.env,
  });
  const make = () =>
    createApp({
      config: { ...config, token: emulator.token, dataKey },
      logger: createLogger("debug", { write: (line: string) => void logs.push(line) }),
      botInfo: emulator.botInfo,
      now,
    });
  let app = make();
  await app.start();

  const h: Harness = {
    emulator,
    get app() {
      return app;
    },
    ids: createIdentity(dataKey),
    dbPath,
    dataKey,
    logs,
    operator,
    freshOperator() {
      const id = OPERATOR_IDS.find((i) => !emulator.userById(i));
      if (id === undefined) throw new Error("no operator left");
      return emulator.user({ id, language_code: "en", first_name: "Op" });
    },
    now,
    advance(ms) {
      offset += ms;
      emulator.advanceClock(ms);
      app.delivery.kick();
    },
    async settle(timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      const due = app.db.prepare<[number], number>(
        "SELECT COUNT(*) FROM delivery WHERE state IN ('pending', 'sending') AND not_before <= ?",
      );
      for (;;) {
        await emulator.waitForIdle(Math.max(100, deadline - Date.now()));
        // A row put off by per-chat pacing is due within seconds; a scheduled deletion is not "due".
        if ((due.pluck().get(now() + 5000) ?? 0) === 0 && !app.delivery.dispatcher.busy) {
          await emulator.waitForIdle(Math.max(100, deadline - Date.now()));
          return;
        }
        if (Date.now() > deadline) throw new Error("outbox did not drain");
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async restart() {
      await app.stop();
      app = make();
      await app.start();
    },
    async stop() {
      await app.stop();
      if (!options.emulator) await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** Sends a message and returns what the bot sent in that chat until it is idle. */
export async function say(h: Harness, user: TestUser, text: string): Promise<SentMessage[]> {
  const sent: Message = user.send(text);
  await h.emulator.waitForIdle();
  return user.replies({ after: sent.message_id });
}

/** Presses a button and returns the bot's answer and what it sent (or edited) afterwards. */
export async function press(h: Harness, user: TestUser, message: SentMessage | undefined, button: string) {
  if (!message) throw new Error("no message to press on");
  const before = user.replies().at(-1)?.message_id ?? 0;
  const result = await user.press(message, button);
  await h.emulator.waitForIdle();
  return { answer: result.answer, replies: user.replies({ after: before }) };
}

export const labels = (m: SentMessage | undefined) =>
  (m?.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);

/** The last bot message in a user's chat that has buttons. */
export const lastWithButtons = (user: TestUser) =>
  user
    .replies()
    .filter((m) => m.reply_markup)
    .at(-1);

/** A count from the database. */
export const count = (h: Harness, sql: string, ...params: unknown[]) =>
  h.app.db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

/** One subscribed reader per language: whose Telegram app speaks fr, en and ru. */
export async function subscribedReaders(h: Harness): Promise<Record<"fr" | "en" | "ru", TestUser>> {
  const readers = {
    fr: h.emulator.user({ language_code: "fr" }),
    en: h.emulator.user({ language_code: "en" }),
    ru: h.emulator.user({ language_code: "ru" }),
  };
  for (const u of Object.values(readers)) await say(h, u, "/subscribe");
  return readers;
}
