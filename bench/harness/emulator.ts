/** The Bot API emulator in its own process, with the limiter a benchmark asks for, and its control API. */
import { fileURLToPath } from "node:url";
import { EmulatorControl } from "../../src/sandbox/control-client.js";
import { spawnTracked, tsNode } from "./processes.js";

/** The limiter as emulator-process.ts takes it on its command line (see src/sandbox/rate-limiter.ts). */
export interface Limits {
  global?: number;
  perChat?: number;
  perGroupPerMinute?: number;
}

/** Telegram's documented free limits: 30 messages a second overall, 1 a second per chat, 20 a minute per group. */
export const TELEGRAM_FREE_LIMITS: Limits = { global: 30, perChat: 1, perGroupPerMinute: 20 };

export interface RunningEmulator {
  apiRoot: string;
  token: string;
  pid: number | undefined;
  control: EmulatorControl;
  /** Any control action, raw (for options the typed client does not expose, like timeout_ms). */
  post<T>(action: string, body?: object): Promise<T>;
  limits: Limits | undefined;
  stop(): Promise<void>;
}

const GUARD = fileURLToPath(new URL("../workers/emulator-guard.ts", import.meta.url));

export function limiterArgs(limits: Limits | undefined): string[] {
  if (!limits) return [];
  const args: string[] = [];
  if (limits.global !== undefined) args.push("--rate-global", String(limits.global));
  if (limits.perChat !== undefined) args.push("--rate-chat", String(limits.perChat));
  if (limits.perGroupPerMinute !== undefined)
    args.push("--rate-group-minute", String(limits.perGroupPerMinute));
  return args;
}

/** Starts src/sandbox/emulator-process.ts in a child process on port 0 and waits for its address. */
export async function startEmulator(
  limits: Limits | undefined,
  timeoutMs = 20_000,
  /** Extra node flags for the emulator's process (e.g. --cpu-prof, to see what the emulator costs). */
  nodeArgs: string[] = [],
): Promise<RunningEmulator> {
  const [cmd, args] = tsNode(GUARD, ["--port", "0", ...limiterArgs(limits)], nodeArgs);
  let onLine: (line: string) => void = () => {};
  const spawned = spawnTracked(cmd, args, { onStdoutLine: (line) => onLine(line) });
  let timer: NodeJS.Timeout | undefined;
  const address = await new Promise<{ apiRoot: string; token: string }>((resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`emulator did not start within ${timeoutMs} ms\n${spawned.stderr()}`)),
      timeoutMs,
    );
    onLine = (line) => {
      try {
        const parsed = JSON.parse(line) as { apiRoot?: string; token?: string };
        if (parsed.apiRoot && parsed.token) resolve({ apiRoot: parsed.apiRoot, token: parsed.token });
      } catch {
        // not the address line
      }
    };
    void spawned.exited.then((code) =>
      reject(new Error(`emulator exited (${code}) before listening\n${spawned.stderr()}`)),
    );
  }).finally(() => clearTimeout(timer));
  onLine = () => {};

  const post = async <T>(action: string, body: object = {}): Promise<T> => {
    const res = await fetch(`${address.apiRoot}/__control/${action}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { ok: boolean; result?: T; description?: string };
    if (!json.ok) throw new Error(`emulator control ${action}: ${json.description ?? res.status}`);
    return json.result as T;
  };

  return {
    ...address,
    pid: spawned.child.pid,
    control: new EmulatorControl(address.apiRoot),
    post,
    limits,
    async stop() {
      spawned.kill("SIGTERM");
      let timer: NodeJS.Timeout | undefined;
      const gone = await Promise.race([
        spawned.exited.then(() => true),
        new Promise<boolean>((r) => {
          timer = setTimeout(r, 3000, false);
        }),
      ]);
      clearTimeout(timer);
      if (!gone) spawned.kill("SIGKILL");
      await spawned.exited;
    },
  };
}
