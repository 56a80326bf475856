import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { createApp } from "./app.js";
import type { Config } from "./config.js";
import { createLogger } from "./logger.js";
import { BotApiEmulator } from "./sandbox/emulator.js";
import { parseSandboxArgs, SANDBOX_OPTION_LINES } from "./sandbox/sandbox-options.js";
import { runTerminalChat } from "./sandbox/terminal.js";

/**
 * No token: an emulator on 127.0.0.1, a throw-away database and key, and a chat in this terminal.
 * Development only: the production build leaves this file and src/sandbox/ out (see sandbox-entry.ts).
 */
export async function runSandbox(config: Config, envFile?: string): Promise<number> {
  const options = parseSandboxArgs(process.argv.slice(2));
  if ("error" in options) {
    process.stderr.write(`relay: ${options.error}\n`);
    return 1;
  }
  if (options.help) {
    process.stdout.write(
      `npm start -- [options]   (the local sandbox)\n${SANDBOX_OPTION_LINES.map((l) => `  ${l}\n`).join("")}`,
    );
    return 0;
  }
  const dir = mkdtempSync(join(tmpdir(), "relay-sandbox-"));
  // Every way out removes the throw-away database: the end of input, /quit, an error, a signal, a broken pipe.
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const leave = (code: number) => () => process.exit(code);
  process.once("SIGTERM", leave(143));
  process.once("SIGINT", leave(130));
  process.once("SIGHUP", leave(129));
  process.stdout.on("error", (err: NodeJS.ErrnoException) => process.exit(err.code === "EPIPE" ? 0 : 1));
  const emulator = await BotApiEmulator.start();
  const user = emulator.user({ first_name: "You", username: "sandbox_reader", language_code: options.lang });
  // The sandbox never touches DATABASE_PATH, and logs only warnings so the chat stays readable.
  const logger = createLogger(process.env.LOG_LEVEL ?? "warn", pino.destination({ dest: 2, sync: true }));
  const app = createApp({
    config: {
      ...config,
      token: emulator.token,
      apiRoot: emulator.apiRoot,
      databasePath: join(dir, "sandbox.db"),
      dataKey: randomBytes(32),
      operatorIds: options.operator ? [...config.operatorIds, user.id] : config.operatorIds,
    },
    logger,
  });
  const notes = [
    envFile
      ? `Configuration: ${envFile} and the environment (the environment wins).`
      : "Configuration: the environment (no .env file here).",
    `You: user ${user.id}, Telegram language ${options.lang}${options.operator ? ", an operator" : ""}. Options (npm start -- …):`,
    ...SANDBOX_OPTION_LINES.map((l) => `  ${l}`),
  ];
  try {
    await app.start();
    await runTerminalChat({
      emulator,
      user,
      bannerNotes: notes,
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
