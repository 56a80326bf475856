/** The real bot as a child process (node --import tsx src/main.ts), so a test can SIGKILL it and start it again. */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createIdentity, type Identity } from "../../src/db/identity.js";
import { type Db, openDatabase } from "../../src/db/open.js";
import type { BotApiEmulator } from "../../src/sandbox/emulator.js";

const ROOT = join(import.meta.dirname, "../..");

export interface RelayProcess {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

export interface ProcessHarness {
  dbPath: string;
  dataKey: Buffer;
  ids: Identity;
  /** Opens the database for setup or inspection; close it before starting a process. */
  open(): Db;
  start(env?: Record<string, string>): Promise<RelayProcess>;
  /** Starts a process and waits for its exit (for one that must refuse to run). */
  run(env?: Record<string, string>): Promise<{ code: number | null; output: string }>;
  cleanup(): void;
}

export function processHarness(emulator: BotApiEmulator, operatorIds: number[] = []): ProcessHarness {
  const dir = mkdtempSync(join(tmpdir(), "relay-fault-"));
  const dbPath = join(dir, "relay.db");
  const dataKey = randomBytes(32);
  const children: ChildProcess[] = [];
  const spawnRelay = (env: Record<string, string>) => {
    // node --import tsx, not the tsx CLI: the CLI runs the bot in a grandchild that SIGKILL would not reach.
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        BOT_TOKEN: emulator.token,
        TELEGRAM_API_ROOT: emulator.apiRoot,
        DATA_KEY: dataKey.toString("hex"),
        DATABASE_PATH: dbPath,
        OPERATOR_IDS: operatorIds.join(","),
        LOG_LEVEL: "info",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    const output: string[] = [];
    child.stdout?.on("data", (d: Buffer) => output.push(d.toString()));
    child.stderr?.on("data", (d: Buffer) => output.push(d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    return { child, output, exited };
  };
  return {
    dbPath,
    dataKey,
    ids: createIdentity(dataKey),
    open: () => openDatabase(dbPath),
    async start(env = {}) {
      const p = spawnRelay(env);
      const deadline = Date.now() + 20_000;
      while (!p.output.join("").includes("polling started")) {
        if (p.child.exitCode !== null)
          throw new Error(`relay exited ${p.child.exitCode}: ${p.output.join("")}`);
        if (Date.now() > deadline) throw new Error(`relay did not start: ${p.output.join("")}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return p;
    },
    async run(env = {}) {
      const p = spawnRelay(env);
      const code = await p.exited;
      return { code, output: p.output.join("") };
    },
    cleanup() {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function kill(p: RelayProcess, signal: NodeJS.Signals): Promise<number | null> {
  p.child.kill(signal);
  return p.exited;
}
