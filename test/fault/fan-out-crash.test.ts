import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { subscribers } from "../../src/db/subscribers.js";
import { BotApiEmulator } from "../../src/sandbox/emulator.js";
import type { TestUser } from "../../src/sandbox/test-user.js";
import { kill, type ProcessHarness, processHarness, until } from "./relay-process.js";

const CHILD = join(import.meta.dirname, "fan-out-child.ts");

describe("a chunked fan-out across a crash", () => {
  let emulator: BotApiEmulator;
  let ph: ProcessHarness;
  afterEach(async () => {
    ph.cleanup();
    await emulator.close();
  });

  it("queues every subscriber exactly once after a SIGKILL between chunks, and the restart delivers one message each", async () => {
    emulator = await BotApiEmulator.start({ rateLimit: { global: 30, perChat: 1, perGroupPerMinute: 20 } });
    ph = processHarness(emulator);
    const users: TestUser[] = Array.from({ length: 120 }, () => emulator.user({ language_code: "en" }));
    const db = ph.open();
    const subs = subscribers(db, ph.ids, Date.now);
    for (const u of users) subs.subscribe(u.id, { isGroup: false, lang: "en" });
    db.close();

    // Chunks of 10: twelve of them, the child killed once the third is committed.
    const child = spawn(
      process.execPath,
      ["--import", "tsx", CHILD, ph.dbPath, ph.dataKey.toString("hex"), "10"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<string | null>((r) => child.on("exit", (_code, signal) => r(signal)));
    await until(() => out.includes("chunk 3\n"), 20_000, "three chunks");
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    expect(out).not.toContain("done");

    const mid = ph.open();
    const queued = mid.prepare("SELECT COUNT(*) FROM delivery WHERE kind = 'update'").pluck().get() as number;
    const active = mid.prepare("SELECT fanout_active FROM news_update").pluck().get();
    mid.close();
    expect(queued).toBeGreaterThanOrEqual(30);
    expect(queued).toBeLessThan(120);
    expect(active).toBe(1);

    // Relay starts on the same database: it resumes the walk after the last committed chunk and sends.
    const relay = await ph.start();
    const got = (u: TestUser) => u.replies().filter((m) => m.text === "Chunked news").length;
    await until(() => users.every((u) => got(u) >= 1), 30_000, "every subscriber");
    await new Promise((r) => setTimeout(r, 300));
    expect(await kill(relay, "SIGTERM")).toBe(0);

    expect(users.map(got).every((n) => n === 1)).toBe(true);
    const check = ph.open();
    const perChat = check
      .prepare("SELECT COUNT(*) AS n FROM delivery WHERE kind = 'update' GROUP BY chat_key")
      .pluck()
      .all() as number[];
    const row = check.prepare("SELECT recipients, sent, fanout_active FROM news_update").get() as Record<
      string,
      number
    >;
    check.close();
    expect(perChat).toHaveLength(120);
    expect(perChat.every((n) => n === 1)).toBe(true);
    expect(row).toEqual({ recipients: 120, sent: 120, fanout_active: 0 });
  }, 90_000);
});
