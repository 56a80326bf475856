import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotApiEmulator } from "../../src/sandbox/emulator.js";
import { runTerminalChat } from "../../src/sandbox/terminal.js";
import { type RelayUnderTest, startRelay } from "../support/relay.js";
import { TELEGRAM_RATES } from "./delivery-harness.js";

const ROOT = join(import.meta.dirname, "../..");
const TSX = join(ROOT, "node_modules/.bin/tsx");
const MAIN = join(ROOT, "src/main.ts");
const OPERATOR = 777_000_111;

/** Pipes lines into the terminal chat of a running Relay and returns everything it printed. */
async function pipe(
  relay: RelayUnderTest,
  lines: string[],
  opts: { lang?: string; operator?: boolean } = {},
) {
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => {
    printed += chunk.toString("utf8");
  });
  const language_code = opts.lang ?? "en";
  const user = opts.operator
    ? (relay.emulator.userById(OPERATOR) ?? relay.emulator.user({ id: OPERATOR, language_code }))
    : relay.emulator.user({ language_code });
  // The operator's language comes from /lang here, since one Telegram user has one language_code.
  if (opts.operator) lines.unshift(`/lang ${language_code}`);
  await runTerminalChat({
    emulator: relay.emulator,
    user,
    input: Readable.from(lines.map((l) => `${l}\n`)),
    output,
    interactive: false,
  });
  return printed;
}

describe("the sandbox's terminal chat on the real bot", () => {
  let relay: RelayUnderTest;
  beforeAll(async () => {
    relay = await startRelay({ env: { OPERATOR_IDS: String(OPERATOR) } });
    // Telegram's limits: a reply hit by a 429 waits in auto-retry with no request in flight, which
    // looks idle; the next "#N" line must still wait for the message it presses.
    relay.emulator.setRateLimit(TELEGRAM_RATES);
  });
  afterAll(async () => relay.close());

  it("presses #N only once the previous line's message has arrived, through a 429", async () => {
    relay.emulator.faults.failNext("sendMessage", {
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      parameters: { retry_after: 1 },
    });
    const printed = await pipe(relay, ["/sections", "#2"], { lang: "fr" });
    expect(printed).not.toContain("no button");
    expect(printed).toMatch(/bot \(edited\) › 2\. |bot › 2\. /);
  }, 30_000);

  it.each([
    ["fr", "commandes d’opérateur"],
    ["en", "operator commands"],
    ["ru", "команды оператора"],
  ])(
    "lists operator commands in an operator's /help only (%s)",
    async (lang, heading) => {
      const operator = await pipe(relay, ["/help"], { lang, operator: true });
      expect(operator).toContain(heading);
      expect(operator).toContain("/post —");
      expect(operator).toContain("/stats —");
      const reader = await pipe(relay, ["/help"], { lang });
      expect(reader).toContain("/search —");
      expect(reader).not.toContain(heading);
      expect(reader).not.toContain("/post");
    },
    30_000,
  );

  it("talks as a second user, in a group, forwards a text and sends a photo with /sandbox", async () => {
    const printed = await pipe(relay, [
      "/sandbox",
      "/sandbox forward Kazakh society has seen fighting and shootings in the streets before",
      "/sandbox photo a banner",
      "/sandbox user 2",
      "/lang ru",
      "/sandbox group",
      "/help",
      "/sandbox private",
      "/sandbox user 1",
      "/help",
    ]);
    expect(printed).toContain("/sandbox user 2");
    expect(printed).toContain("you (forwarded from Sandbox channel) › Kazakh society");
    expect(printed).toMatch(/bot › [^\n]*A Spring Thirty Years Overdue/); // the forwarded passage is traced
    expect(printed).toContain("you › [photo] a banner");
    expect(printed).toContain("[user 2] bot › ");
    expect(printed).toMatch(/\[group\] bot › /);
    expect(printed).toMatch(/\[user 1\] bot › Relay carries/);
  }, 60_000);
});

describe("the interactive prompt", () => {
  it("never shares a line with a reply that arrives while it waits", async () => {
    const emulator = await BotApiEmulator.start();
    const input = new PassThrough();
    const output = new PassThrough() as PassThrough & { isTTY: boolean; columns: number };
    output.isTTY = true;
    output.columns = 120;
    let printed = "";
    output.on("data", (chunk: Buffer) => {
      printed += chunk.toString("utf8");
    });
    const user = emulator.user({ language_code: "en" });
    const chat = runTerminalChat({ emulator, user, input, output, interactive: true });
    await new Promise((r) => setTimeout(r, 50));
    // A message the bot sends on its own (a digest, a delayed reply) while the prompt waits.
    await emulator.invoke("sendMessage", { chat_id: user.id, text: "late news" });
    await new Promise((r) => setTimeout(r, 50));
    input.end();
    await chat;
    await emulator.close();
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping the ANSI codes the terminal would interpret
    const plain = printed.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
    expect(plain).toContain("late news");
    // Each physical line as a terminal shows it: a carriage return starts the line over.
    const shown = plain.split("\n").map((l) => l.slice(l.lastIndexOf("\r") + 1));
    expect(shown.some((l) => /^bot › late news/.test(l))).toBe(true);
    expect(shown.some((l) => /you ›.*late news/.test(l))).toBe(false);
  });
});

/** Spawns `tsx src/main.ts` in a folder of its own, with its own TMPDIR. */
function sandboxProcess(cwd: string, env: Record<string, string>, args: string[] = []): ChildProcess {
  return spawn(TSX, [MAIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
}

const output = (child: ChildProcess) => {
  const seen = { text: "" };
  child.stdout?.on("data", (d: Buffer) => (seen.text += d.toString("utf8")));
  child.stderr?.on("data", (d: Buffer) => (seen.text += d.toString("utf8")));
  return seen;
};
const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("the process edge of the sandbox", () => {
  let dir: string;
  let tmp: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "relay-cwd-"));
    tmp = mkdtempSync(join(tmpdir(), "relay-tmp-"));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  });
  const leftovers = () => readdirSync(tmp).filter((f) => f.startsWith("relay-sandbox-"));

  it("removes its throw-away database on SIGTERM", async () => {
    const child = sandboxProcess(dir, { TMPDIR: tmp });
    const seen = output(child);
    const code = exited(child);
    child.stdin?.write("/start\n");
    await until(() => seen.text.includes("bot › "));
    expect(leftovers()).toHaveLength(1);
    child.kill("SIGTERM");
    expect(await code).not.toBeNull();
    expect(leftovers()).toEqual([]);
  }, 40_000);

  it("removes it when the reader of its output goes away (a broken pipe, as `| head -3`)", async () => {
    const child = sandboxProcess(dir, { TMPDIR: tmp });
    const code = exited(child);
    await new Promise<void>((resolve) => child.stdout?.once("data", () => resolve()));
    child.stdout?.destroy();
    child.stdin?.write("/start\n/section 6\n/note 1\n");
    child.stdin?.end();
    expect(await code).not.toBeNull();
    expect(leftovers()).toEqual([]);
  }, 40_000);

  it("reads .env from the working folder, the environment winning, and names it in the banner", async () => {
    writeFileSync(join(dir, ".env"), "BOT_TOKEN=\nOPERATOR_IDS=42\nDEFAULT_LANGUAGE=xx\n");
    const child = sandboxProcess(dir, { TMPDIR: tmp, DEFAULT_LANGUAGE: "ru" }, [
      "--lang",
      "ru",
      "--operator",
    ]);
    const seen = output(child);
    child.stdin?.end("/help\n");
    expect(await exited(child)).toBe(0);
    // DEFAULT_LANGUAGE=xx in the file would stop the process: the environment's "ru" won.
    expect(seen.text).toContain(`Configuration: ${join(dir, ".env")} and the environment`);
    expect(seen.text).toContain("--operator");
    expect(seen.text).toContain("Telegram language ru, an operator");
    expect(seen.text).toContain("команды оператора");
    expect(leftovers()).toEqual([]);
  }, 40_000);

  it("stops with one line on a bad .env value, naming the variable", async () => {
    writeFileSync(join(dir, ".env"), "DEFAULT_LANGUAGE=xx\n");
    const child = sandboxProcess(dir, { TMPDIR: tmp });
    const seen = output(child);
    child.stdin?.end();
    expect(await exited(child)).toBe(1);
    expect(seen.text.trim()).toMatch(/^relay: DEFAULT_LANGUAGE/);
  }, 40_000);

  it("refuses an unknown option with one line", async () => {
    rmSync(join(dir, ".env"), { force: true });
    const child = sandboxProcess(dir, { TMPDIR: tmp }, ["--bogus"]);
    const seen = output(child);
    child.stdin?.end();
    expect(await exited(child)).toBe(1);
    expect(seen.text.trim()).toBe("relay: unknown option --bogus (try --help)");
  }, 40_000);
});
