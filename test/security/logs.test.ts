/**
 * No identity in any log line at any level: the real process (`tsx src/main.ts`, LOG_LEVEL=trace) runs the
 * full scenario against the emulator, through Telegram being unreachable at start, 5xx bursts, a 429 and
 * a reset connection; its whole stdout and stderr must hold no id, username, name, text or token.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotApiEmulator } from "../../src/sandbox/emulator.js";
import { freePort } from "./free-port.js";
import { type Form, findForms, idForms, textForms } from "./id-forms.js";
import { allIds, GROUP, PEOPLE, runScenario, SECRET_TEXTS, UPDATE_TEXT } from "./scenario.js";

const TOKEN = `7712345678:AAH${randomBytes(24).toString("base64url")}`;
let emulator: BotApiEmulator;
let child: ChildProcess;
let dir: string;
let output = "";
let port: number;
let downHealth = 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(
  what: string,
  probe: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output.slice(-3000)}`);
    await sleep(50);
  }
}

beforeAll(async () => {
  emulator = await BotApiEmulator.start({ token: TOKEN });
  dir = mkdtempSync(join(tmpdir(), "relay-logs-"));
  port = await freePort();
  // Telegram unreachable at start: the process must keep trying, quietly, and start once it can.
  await emulator.faults.down(true);
  child = spawn(join("node_modules", ".bin", "tsx"), ["src/main.ts"], {
    env: {
      PATH: process.env.PATH,
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: emulator.apiRoot,
      DATA_KEY: randomBytes(32).toString("hex"),
      DATABASE_PATH: join(dir, "relay.db"),
      OPERATOR_IDS: String(PEOPLE.operator.id),
      LOG_LEVEL: "trace",
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (c: Buffer) => {
    output += c.toString("utf8");
  });
  child.stderr?.on("data", (c: Buffer) => {
    output += c.toString("utf8");
  });
  // grammY's init keeps retrying getMe by itself; meanwhile /healthz (served first) says 503.
  await waitFor("the health endpoint", async () => {
    downHealth = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.status,
      () => 0,
    );
    return downHealth !== 0;
  });
  await sleep(1500);
  await emulator.faults.down(false);
  await waitFor("polling", () => output.includes("polling started"));

  // Faults while people use the bot: 5xx bursts, a 429, a reset connection.
  emulator.faults.status5xx(4);
  emulator.faults.failNext(
    "sendMessage",
    { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } },
    1,
  );
  emulator.faults.resetNext("getUpdates", 1);
  await runScenario(emulator, { stepTimeoutMs: 60_000 });
  // Replies that fail for good: grammY's errors carry the payload (chat id, text); they must be logged without it.
  emulator.faults.status5xx(3);
  const user = emulator.user({ id: 7_777_777_777, first_name: "Saltanat", username: "saltanat_q" });
  emulator.faults.failNext("sendMessage", { error_code: 400, description: "Bad Request: chat not found" }, 1);
  user.send("/mydata");
  await emulator.waitForIdle(10_000);
  emulator.faults.resetNext("sendMessage", 4);
  user.send("/privacy");
  await emulator.waitForIdle(10_000);
  await waitFor("the failed replies in the log", () => (output.match(/"handler failed"/g) ?? []).length >= 2);
  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  expect(health.status).toBe(200);

  child.kill("SIGTERM");
  await new Promise<void>((resolve) => child.once("exit", () => resolve()));
}, 170_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("logs of the real process at LOG_LEVEL=trace, through faults", () => {
  it("logged at trace level and went through the faults (the scan below reads real output)", () => {
    const lines = output.split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(5);
    // Below info: the level took effect (Relay logs nothing per update, even at trace).
    expect(lines.some((l) => l.includes('"level":20'))).toBe(true);
    // The leak-prone path ran: errors of failed replies, serialized through safeError.
    expect(
      lines.filter((l) => l.includes('"handler failed"') && l.includes('"err"')).length,
    ).toBeGreaterThanOrEqual(2);
    expect(downHealth).toBe(503);
    expect(emulator.faults.log.filter((f) => f.phase === "applied").length).toBeGreaterThanOrEqual(4);
    expect(output).toContain('"msg":"stopped"');
  });

  it("holds no chat id or user id in any form", () => {
    const forms: Form[] = [...allIds(), 7_777_777_777].flatMap(idForms);
    expect(findForms(Buffer.from(output), forms)).toEqual([]);
  });

  it("holds no username, first name or message text", () => {
    const texts = [
      ...Object.values(PEOPLE).flatMap((p) => [p.first_name, p.username]),
      "Saltanat",
      "saltanat_q",
      GROUP.title,
      ...SECRET_TEXTS,
      UPDATE_TEXT,
      "/lang ru",
    ];
    expect(findForms(Buffer.from(output), texts.flatMap(textForms))).toEqual([]);
  });

  it("holds no token in any form", () => {
    const secret = TOKEN.split(":")[1] as string;
    const forms: Form[] = [
      TOKEN,
      secret,
      encodeURIComponent(TOKEN),
      Buffer.from(TOKEN).toString("base64"),
    ].map((t) => ({ name: t, bytes: Buffer.from(t) }));
    expect(findForms(Buffer.from(output), forms)).toEqual([]);
  });
});
