import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BotApiEmulator } from "../../src/sandbox/emulator.js";

const ROOT = join(import.meta.dirname, "../..");
const TSX = join(ROOT, "node_modules/.bin/tsx");
// RELAY_ENV_FILE="": a developer's own .env in the checkout must not change these runs.
const clean = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", RELAY_ENV_FILE: "" };

/** Runs `tsx src/main.ts` in real mode against an emulator of this process, with a temporary database. */
async function withRealProcess(
  envOf: Record<string, string> | ((dir: string) => Record<string, string>),
  body: (emulator: BotApiEmulator, child: ReturnType<typeof spawn>, dir: string) => Promise<void>,
): Promise<void> {
  const emulator = await BotApiEmulator.start();
  const dir = mkdtempSync(join(tmpdir(), "relay-proc-"));
  const env = typeof envOf === "function" ? envOf(dir) : envOf;
  try {
    // Not spawnSync: the emulator runs in this process and must keep answering.
    const child = spawn(TSX, ["src/main.ts"], {
      cwd: ROOT,
      env: {
        ...clean,
        BOT_TOKEN: emulator.token,
        TELEGRAM_API_ROOT: emulator.apiRoot,
        DATA_KEY: randomBytes(32).toString("hex"),
        DATABASE_PATH: join(dir, "relay.db"),
        ...env,
      },
    });
    await body(emulator, child, dir);
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the process edge", () => {
  it("runs the sandbox from piped input: contents, a paged section and footnote 1, then exits 0", () => {
    const run = spawnSync(TSX, ["src/main.ts"], {
      cwd: ROOT,
      input: "/start\n/section 6\n/note 1\n",
      env: clean,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/sandbox/i);
    expect(run.stdout).toContain("BOT_TOKEN");
    expect(run.stdout).toContain("Contents");
    expect(run.stdout).toMatch(/page 1\/\d/);
    expect(run.stdout).toContain("Footnote 1");
    expect(run.stdout).toContain("1986");
  }, 40_000);

  it.each([
    [{ BOT_TOKEN: "oops" }, /^relay: BOT_TOKEN must look like/],
    [{ NODE_ENV: "production" }, /^relay: BOT_TOKEN is required/],
    [
      { BOT_TOKEN: "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0" },
      /^relay: DATA_KEY is required.*randomBytes/,
    ],
  ])(
    "stops on a bad configuration %j with one clear line and exit code 1",
    (env, message) => {
      const run = spawnSync(TSX, ["src/main.ts"], {
        cwd: ROOT,
        env: { ...clean, ...env },
        encoding: "utf8",
        timeout: 20_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toContain("AAHfiqks");
    },
    30_000,
  );

  it("polls a real Bot API server and stops gracefully on SIGTERM", async () => {
    await withRealProcess({ LOG_LEVEL: "info" }, async (emulator, child) => {
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      const user = emulator.user({ language_code: "en" });
      user.send("/note 1");
      const reply = await user.nextReply(15_000);
      expect(reply.text).toContain("Footnote 1");
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    });
  }, 40_000);

  it("reads the key from DATA_KEY_FILE and creates its directory and files for its owner alone", async () => {
    const envOf = (dir: string) => {
      writeFileSync(join(dir, "data_key"), `${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
      return { DATA_KEY: "", DATA_KEY_FILE: join(dir, "data_key"), DATABASE_PATH: join(dir, "var/relay.db") };
    };
    await withRealProcess(envOf, async (emulator, child, dir) => {
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      const user = emulator.user({ language_code: "fr" });
      user.send("/lang fr");
      expect((await user.nextReply(15_000)).text).toBeDefined();
      const files = readdirSync(join(dir, "var"));
      expect(files).toEqual(expect.arrayContaining(["relay.db", "relay.db-wal", "relay.db-shm"]));
      expect((statSync(join(dir, "var")).mode & 0o777).toString(8)).toBe("700");
      for (const f of files) expect((statSync(join(dir, "var", f)).mode & 0o777).toString(8), f).toBe("600");
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    });
  }, 40_000);

  it("exits 1 without retrying forever when Telegram refuses the token (401)", async () => {
    await withRealProcess({ BOT_TOKEN: "987654321:AAWrongTokenWrongTokenWrongToken" }, async (_, child) => {
      let output = "";
      child.stdout?.on("data", (d) => (output += d));
      child.stderr?.on("data", (d) => (output += d));
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code).toBe(1);
      expect(output).toContain("401");
      expect(output).not.toContain("AAWrongToken");
    });
  }, 40_000);
});
