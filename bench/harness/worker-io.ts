/** The worker side of startWorker: input and messages over IPC, a result at the end, no orphans. */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import type { WorkerMessage } from "./processes.js";

/** Peak resident set size of this process so far, in bytes (Linux VmHWM; falls back to maxRSS). */
export function peakRssBytes(): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (m?.[1]) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** Sends a message to the runner. */
export function post(message: WorkerMessage): void {
  process.send?.(message);
}

const inbox: WorkerMessage[] = [];
const waiters: Array<{ type?: string; resolve(m: WorkerMessage): void }> = [];

/** The next message of `type` (any type when omitted) from the runner. */
export function receive<T extends WorkerMessage>(type?: string): Promise<T> {
  const i = inbox.findIndex((m) => type === undefined || m.type === type);
  if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0] as T);
  return new Promise((resolve) => waiters.push({ type, resolve: (m) => resolve(m as T) }));
}

/**
 * Runs the worker's body with the runner's input, sends its result and exits 0, or prints the error
 * and exits 1. The worker exits at once if the runner goes away (the IPC channel closes).
 */
export function runAsWorker<I, T>(body: (input: I) => Promise<T>): void {
  if (!process.send) {
    process.stderr.write("this is a benchmark worker: run it through `npm run bench`\n");
    process.exit(2);
  }
  process.on("disconnect", () => process.exit(3));
  process.on("message", (raw) => {
    const message = raw as WorkerMessage;
    const i = waiters.findIndex((w) => w.type === undefined || w.type === message.type);
    if (i >= 0) waiters.splice(i, 1)[0]?.resolve(message);
    else inbox.push(message);
  });
  receive<{ type: "input"; input: I }>("input")
    .then(({ input }) => body(input))
    .then(
      (result) => {
        process.send?.({ type: "result", result }, () => process.exit(0));
      },
      (err: unknown) => {
        process.stderr.write(
          `worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
        );
        process.exit(1);
      },
    );
}

/**
 * Starts V8's CPU profiler in this process (node:inspector), for one measured phase only; the returned
 * function stops it and writes a .cpuprofile that summarizeProfile reads.
 */
export async function startProfiling(): Promise<(file: string) => Promise<void>> {
  const { Session } = await import("node:inspector/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 500 });
  await session.post("Profiler.start");
  return async (file) => {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/** Removes `path` when this worker exits, however it exits (end of work, error, runner gone). */
export function removeOnExit(path: string): void {
  process.on("exit", () => rmSync(path, { recursive: true, force: true }));
}
