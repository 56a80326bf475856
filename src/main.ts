import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { GrammyError } from "grammy";
import pino from "pino";
import { type App, createApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { ArticleFormatError } from "./core/article/parse.js";
import { DatabaseLockedError } from "./db/process-lock.js";
import { createLogger, safeError } from "./logger.js";

/** Process edge: configuration, signals, exit codes. With no BOT_TOKEN, the local sandbox. */
async function main(): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`relay: ${err.message}\n`);
    return 1;
  }
  if (!config.token) return runSandbox(config);

  const logger = createLogger(config.logLevel);
  mkdirSync(dirname(config.databasePath), { recursive: true });
  let app: App;
  try {
    app = createApp({
      config: { ...config, token: config.token, dataKey: config.dataKey as Buffer },
      logger,
      onFatal: () => void shutdown(1),
      onWiped: () => void shutdown(0),
      onConflict: () => {
        logger.fatal("another instance is polling with this token (409 Conflict); stopping");
        void shutdown(1);
      },
    });
  } catch (err) {
    if (err instanceof ArticleFormatError || err instanceof DatabaseLockedError) {
      process.stderr.write(`relay: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await app.stop().catch((err: unknown) => logger.error({ err }, "stop failed"));
    process.exit(code);
  };
  process.once("SIGINT", () => void shutdown(0));
  process.once("SIGTERM", () => void shutdown(0));
  await startWithRetry(app, logger);
  return -1; // keep running
}

/** Telegram unreachable at start is not fatal: try again with backoff until it answers. */
async function startWithRetry(app: App, logger: ReturnType<typeof createLogger>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await app.start();
      return;
    } catch (err) {
      // A wrong or revoked token will not get better by waiting.
      if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) throw err;
      const delay = Math.min(30_000, 500 * 2 ** attempt);
      logger.warn({ err, attempt, delay }, "could not reach Telegram; retrying");
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/** No token: an emulator on 127.0.0.1, a throw-away database and key, and a chat in this terminal. */
async function runSandbox(config: ReturnType<typeof loadConfig>): Promise<number> {
  const { BotApiEmulator } = await import("./sandbox/emulator.js");
  const { runTerminalChat } = await import("./sandbox/terminal.js");
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

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`relay: fatal: ${JSON.stringify(safeError(err))}\n`);
    process.exit(1);
  },
);
