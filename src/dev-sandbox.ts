import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { createApp } from "./app.js";
import type { Config } from "./config.js";
import { createLogger } from "./logger.js";
import { BotApiEmulator } from "./sandbox/emulator.js";
import { runTerminalChat } from "./sandbox/terminal.js";

/**
 * No token: an emulator on 127.0.0.1, a throw-away database and key, and a chat in this terminal.
 * Development only: the production build leaves this file and src/sandbox/ out (see sandbox-entry.ts).
 */
export async function runSandbox(config: Config): Promise<number> {
  const emulator = await BotApiEmulator.start();
  const dir = mkdtempSync(join(tmpdir(), "relay-sandbox-"));
  // The sandbox never touches DATABASE_PATH, and logs only warnings so the chat stays readable.
  const logger = createLogger(process.env.LOG_LEVEL ?? "warn", pino.destination({ dest: 2, sync: true }));
  const app = createApp({
    config: {
      ...config,
      token: emulator.token,
      apiRoot: emulator.apiRoot,
      databasePath: join(dir, "sandbox.db"),
      dataKey: randomBytes(32),
    },
    logger,
  });
  try {
    await app.start();
    await runTerminalChat({
      emulator,
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY),
    });
  } finally {
    await app.stop();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}
