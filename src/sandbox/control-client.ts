/** A typed client for an emulator's HTTP control API (`POST /__control/<action>`), and a way to spawn one. */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Message, User } from "grammy/types";
import type { InlineAnswer } from "./inline-actions.js";
import type { PressResult } from "./test-user.js";
import type { CallRecord, EmulatorStats, RateLimitOptions, SentMessage } from "./types.js";

export type FaultSpec =
  | { kind: "fail"; method?: string; count?: number; error: { error_code: number; description: string } }
  | { kind: "5xx"; count?: number }
  | { kind: "hang" | "reset"; method?: string; count?: number; after_execute?: boolean }
  | { kind: "latency"; ms: number }
  | { kind: "down"; down: boolean; up_after_ms?: number };

export class EmulatorControl {
  constructor(readonly apiRoot: string) {}

  private async post<T>(action: string, body: object = {}): Promise<T> {
    const res = await fetch(`${this.apiRoot}/__control/${action}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { ok: boolean; result?: T; description?: string };
    if (!json.ok) throw new Error(`sandbox control ${action}: ${json.description ?? res.status}`);
    return json.result as T;
  }

  user(options: { id?: number; first_name?: string; username?: string; language_code?: string } = {}) {
    return this.post<{ id: number; chat_id: number; user: User }>("user", options);
  }

  /** Creates `count` users at once (broadcast benchmarks). */
  users(count: number, languageCode?: string) {
    return this.post<{ ids: number[] }>("users", { count, language_code: languageCode });
  }

  send(userId: number, text: string) {
    return this.post<Message>("send", { user_id: userId, text });
  }

  press(
    userId: number,
    messageId: number,
    button: string | { row: number; col: number },
    timeoutMs?: number,
  ) {
    return this.post<PressResult>("press", {
      user_id: userId,
      message_id: messageId,
      button,
      timeout_ms: timeoutMs,
    });
  }

  inline(userId: number, query: string, offset?: string) {
    return this.post<InlineAnswer>("inline", { user_id: userId, query, offset });
  }

  nextReply(chatId: number, timeoutMs = 2000) {
    return this.post<SentMessage>("next-reply", { chat_id: chatId, timeout_ms: timeoutMs });
  }

  replies(chatId: number, after?: number) {
    return this.post<SentMessage[]>("replies", { chat_id: chatId, after });
  }

  block(userId: number) {
    return this.post<void>("block", { user_id: userId });
  }

  stats() {
    return this.post<EmulatorStats>("stats");
  }

  calls(filter: { method?: string; since?: number } = {}) {
    return this.post<CallRecord[]>("calls", filter);
  }

  sent(chatId?: number) {
    return this.post<SentMessage[]>("sent", { chat_id: chatId });
  }

  reset() {
    return this.post<void>("reset");
  }

  /** Sets the limiter; `undefined` turns it off. */
  setRateLimit(options: (Omit<RateLimitOptions, "retryAfter"> & { retryAfter?: number }) | undefined) {
    return this.post<RateLimitOptions | null>("rate-limit", options ?? { off: true });
  }

  waitForIdle(timeoutMs = 5000) {
    return this.post<void>("wait-for-idle", { timeout_ms: timeoutMs });
  }

  advanceClock(ms: number) {
    return this.post<{ now: number }>("advance-clock", { ms });
  }

  fault(spec: FaultSpec) {
    return this.post<{ armed: number }>("fault", spec);
  }
}

export interface SpawnedEmulator {
  apiRoot: string;
  token: string;
  control: EmulatorControl;
  pid: number | undefined;
  /** SIGTERM, then resolves when the process has exited. */
  stop(): Promise<void>;
}

/** Starts emulator-process.ts in a child process (node --import tsx) and waits for its JSON line. */
export async function spawnEmulator(args: string[] = []): Promise<SpawnedEmulator> {
  const ext = import.meta.url.endsWith(".js") ? ".js" : ".ts";
  const entry = fileURLToPath(new URL(`./emulator-process${ext}`, import.meta.url));
  const loader = ext === ".ts" ? ["--import", "tsx"] : [];
  const child = spawn(process.execPath, [...loader, entry, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const first = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once("line", (line) => {
      rl.close();
      resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`emulator process exited with ${code} before listening`)));
  });
  const { apiRoot, token } = JSON.parse(first) as { apiRoot: string; token: string };
  return {
    apiRoot,
    token,
    control: new EmulatorControl(apiRoot),
    pid: child.pid,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
