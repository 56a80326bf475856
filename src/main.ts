import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { GrammyError } from "grammy";
import { type App, createApp } from "./app.js";
import { ConfigError, type loadConfig, takeConfig } from "./config.js";
import { ArticleFormatError } from "./core/article/parse.js";
import { DatabaseLockedError } from "./db/process-lock.js";
import { loadDotEnv } from "./env-file.js";
import { createLogger, safeError } from "./logger.js";
import { loadSandbox } from "./sandbox-entry.js";

/** Process edge: configuration, signals, exit codes. With no BOT_TOKEN, the local sandbox. */
async function main(): Promise<number> {
  // Everything this process creates (database, -wal, -shm, lock, backups, directories) is the owner's alone.
  process.umask(0o077);
  let config: ReturnType<typeof loadConfig>;
  let envFile: string | undefined;
  try {
    envFile = loadDotEnv();
    // The key's variables leave process.env here: no child process or crash report inherits them.
    config = takeConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`relay: ${err.message}\n`);
    return 1;
  }
  if (!config.token) {
    const sandbox = await loadSandbox();
    if (sandbox) return sandbox.runSandbox(config, envFile);
    process.stderr.write(
      "relay: BOT_TOKEN is required: this build has no sandbox (it runs from a source checkout, with npm start)\n",
    );
    return 1;
  }

  const logger = createLogger(config.logLevel);
  logger.info(
    { envFile: envFile ?? null },
    envFile
      ? "configuration read from a file and the environment"
      : "configuration read from the environment",
  );
  mkdirSync(dirname(config.databasePath), { recursive: true });
  let app: App;
  try {
    app = createApp({
      config: { ...config, token: config.token, dataKey: config.dataKey as Buffer },
      logger,
      onFatal: () => void shutdown(1),
      onConflict: () => void shutdown(1),
      onWiped: () => void shutdown(0),
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

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`relay: fatal: ${JSON.stringify(safeError(err))}\n`);
    process.exit(1);
  },
);
