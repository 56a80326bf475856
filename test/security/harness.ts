/** Test support for the security tests: the real app against an emulator, logs captured, temp files cleaned. */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { type App, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { BotApiEmulator } from "../../src/sandbox/emulator.js";

export interface Relay {
  app: App;
  emulator: BotApiEmulator;
  dir: string;
  dbPath: string;
  dataKey: Buffer;
  logs: string[];
  stop(): Promise<void>;
}

export interface RelayOptions {
  env?: Record<string, string>;
  operatorIds?: number[];
  httpPort?: number;
  emulator?: BotApiEmulator;
  now?: () => number;
  /** Called when Telegram answers 409 (another program polls with the token), after the operators were told. */
  onConflict?: () => void;
  /** Do not start polling (webhook tests start it themselves). */
  start?: boolean;
}

/** Starts an emulator (unless given) and the whole app on a fresh database in a temp directory. */
export async function startRelay(options: RelayOptions = {}): Promise<Relay> {
  const emulator = options.emulator ?? (await BotApiEmulator.start());
  const dir = mkdtempSync(join(tmpdir(), "relay-sec-"));
  const dbPath = join(dir, "relay.db");
  const dataKey = randomBytes(32);
  const config = loadConfig({
    BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    DATA_KEY: dataKey.toString("hex"),
    DATABASE_PATH: dbPath,
    OPERATOR_IDS: (options.operatorIds ?? []).join(","),
    LOG_LEVEL: "trace",
    ...options.env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app = createApp({
    config: { ...config, token: emulator.token, dataKey },
    logger: createLogger("trace", sink),
    botInfo: emulator.botInfo,
    httpPort: options.httpPort,
    now: options.now,
    onConflict: options.onConflict,
  });
  if (options.start !== false) await app.start();
  return {
    app,
    emulator,
    dir,
    dbPath,
    dataKey,
    logs,
    async stop() {
      await app.stop();
      if (!options.emulator) await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
