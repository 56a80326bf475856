import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Message } from "grammy/types";
import { type App, createApp } from "../../src/app.js";
import { type Config, loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { BotApiEmulator } from "../../src/sandbox/emulator.js";
import type { TestUser } from "../../src/sandbox/test-user.js";
import type { EmulatorOptions, SentMessage } from "../../src/sandbox/types.js";

export interface RelayUnderTest {
  emulator: BotApiEmulator;
  app: App;
  /** Every log line the bot wrote, as JSON text. */
  logs: string[];
  dataDir: string;
  config: Config & { token: string; dataKey: Buffer };
  close(): Promise<void>;
}

/** The real bot, polling its own emulator on port 0, with a temporary database. */
export async function startRelay(
  options: {
    env?: Record<string, string>;
    dataDir?: string;
    now?: () => number;
    /** The emulator's own options (its rate limits, its clock). */
    emulator?: EmulatorOptions;
  } = {},
): Promise<RelayUnderTest> {
  const emulator = await BotApiEmulator.start(options.emulator);
  const dir = mkdtempSync(join(tmpdir(), "relay-e2e-"));
  const logs: string[] = [];
  const logger = createLogger("trace", { write: (line: string) => void logs.push(line) });
  const config = {
    ...loadConfig(options.env ?? {}),
    token: emulator.token,
    apiRoot: emulator.apiRoot,
    databasePath: join(dir, "relay.db"),
    dataKey: randomBytes(32),
  };
  const app = createApp({
    config,
    logger,
    botInfo: emulator.botInfo,
    dataDir: options.dataDir,
    now: options.now,
  });
  await app.start();
  return {
    emulator,
    app,
    logs,
    dataDir: dir,
    config,
    async close() {
      await app.stop();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sends a message and returns every bot message sent or edited in that chat until the bot is idle. */
export async function say(relay: RelayUnderTest, user: TestUser, text: string): Promise<SentMessage[]> {
  const sent: Message = user.send(text);
  await relay.emulator.waitForIdle();
  // Idle means "no request for a moment": on a loaded machine a slow handler can look idle.
  if (user.replies({ after: sent.message_id }).length === 0) {
    await user.nextReply(1500).catch(() => undefined);
    await relay.emulator.waitForIdle();
  }
  return user.replies({ after: sent.message_id });
}

/** The one reply a message gets; fails the test if there is not exactly one. */
export async function ask(relay: RelayUnderTest, user: TestUser, text: string): Promise<SentMessage> {
  const replies = await say(relay, user, text);
  if (replies.length !== 1)
    throw new Error(`expected one reply to ${JSON.stringify(text)}, got ${replies.length}`);
  return replies[0] as SentMessage;
}

/** Button labels of a message, row by row. */
export function buttons(message: SentMessage | undefined): string[][] {
  return (message?.reply_markup?.inline_keyboard ?? []).map((row) => row.map((b) => b.text));
}
