/**
 * Child processes and temp dirs that never outlive the benchmark run: every child is started in its
 * own process group (so `tsx`, which spawns node, dies with its grandchild), every temp dir is
 * removed, on success, on a crash, on a timeout, and on SIGINT/SIGTERM.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Kills every child still running and removes every temp dir (synchronous: safe in an exit handler). */
export function cleanupAll(): void {
  for (const child of children) killGroup(child);
  children.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

let installed = false;
/** Installs the exit and signal handlers once. */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on("exit", cleanupAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
    process.once(signal, () => {
      process.stderr.write(`bench: ${signal}, cleaning up\n`);
      cleanupAll();
      process.exit(signal === "SIGINT" ? 130 : 143);
    });
}

/** A temp dir removed at the end of the run (or earlier with the returned function). */
export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `relay-bench-${prefix}-`));
  tempDirs.add(path);
  return {
    path,
    remove() {
      rmSync(path, { recursive: true, force: true });
      tempDirs.delete(path);
    },
  };
}

export interface Spawned {
  child: ChildProcess;
  /** Resolves with the exit code (or the signal name) once the process group's leader exits. */
  exited: Promise<number | string>;
  /** Collected stderr (last 64 KiB), for error messages. */
  stderr(): string;
  kill(signal?: NodeJS.Signals): void;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Forward the child's stderr to ours (off by default: the table stays readable). */
  inheritStderr?: boolean;
  onStdoutLine?: (line: string) => void;
}

/** Spawns a tracked child in its own process group. */
export function spawnTracked(command: string, args: string[], options: SpawnOptions = {}): Spawned {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ["pipe", "pipe", options.inheritStderr ? "inherit" : "pipe"],
  });
  children.add(child);
  let err = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    err = (err + chunk.toString("utf8")).slice(-65_536);
  });
  let buffered = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      options.onStdoutLine?.(line);
    }
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => {
      children.delete(child);
      // The leader is gone: make sure nothing it started lingers.
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // group already empty
      }
      resolve(code ?? signal ?? "unknown");
    });
    child.once("error", (e) => {
      children.delete(child);
      err += `\n${e.message}`;
      resolve("spawn-error");
    });
  });
  return { child, exited, stderr: () => err, kill: (signal) => killGroup(child, signal) };
}

/** The node binary with tsx's loader, so workers run TypeScript directly. */
export function tsNode(
  script: string,
  args: string[] = [],
  extraNodeArgs: string[] = [],
): [string, string[]] {
  return [process.execPath, [...extraNodeArgs, "--import", "tsx", script, ...args]];
}

export class ChildFailed extends Error {
  override name = "ChildFailed";
  constructor(
    message: string,
    /** True when the child was killed for taking too long, false when it died by itself. */
    readonly timedOut = false,
  ) {
    super(message);
  }
}

/** A message between the runner and a worker over the IPC channel. */
export interface WorkerMessage {
  type: string;
  [key: string]: unknown;
}

export interface WorkerHandle {
  send(message: WorkerMessage): void;
  /** The next message of this type (or of any type when omitted); rejects when the worker dies or on timeout. */
  next<T extends WorkerMessage = WorkerMessage>(type: string, timeoutMs: number): Promise<T>;
  /** Waits for the worker's final `result` message and its exit; rejects on a crash or a timeout. */
  result<T>(timeoutMs: number): Promise<T>;
  kill(): void;
  stderr(): string;
  /** The worker's process id (node itself: tsx runs as a loader inside it). */
  pid: number | undefined;
}

/**
 * Starts a TypeScript worker with an IPC channel: it gets `input` as its first message, talks in
 * typed messages, ends with {type:"result"}. It exits by itself when this process goes away.
 */
export function startWorker(
  script: string,
  input: unknown,
  options: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {},
): WorkerHandle {
  const [cmd, args] = tsNode(script, [], options.nodeArgs);
  const child = spawn(cmd, args, {
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  children.add(child);
  let err = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    err = (err + chunk.toString("utf8")).slice(-65_536);
  });
  const inbox: WorkerMessage[] = [];
  const waiters: Array<{ type?: string; resolve(m: WorkerMessage): void; reject(e: Error): void }> = [];
  let exitInfo: string | undefined;
  child.on("message", (raw) => {
    const message = raw as WorkerMessage;
    const i = waiters.findIndex((w) => w.type === undefined || w.type === message.type);
    if (i >= 0) waiters.splice(i, 1)[0]?.resolve(message);
    else inbox.push(message);
  });
  const exited = new Promise<void>((resolve) => {
    const done = (why: string) => {
      children.delete(child);
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // group already empty
      }
      exitInfo = why;
      for (const w of waiters.splice(0)) w.reject(new ChildFailed(`${script} ${why}\n${tail(err)}`));
      resolve();
    };
    child.once("exit", (code, signal) => done(`exited with ${code ?? signal}`));
    child.once("error", (e) => done(`could not start: ${e.message}`));
  });
  child.send({ type: "input", input });

  const next = <T extends WorkerMessage>(type: string | undefined, timeoutMs: number): Promise<T> => {
    const i = inbox.findIndex((m) => type === undefined || m.type === type);
    if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0] as T);
    if (exitInfo !== undefined) return Promise.reject(new ChildFailed(`${script} ${exitInfo}\n${tail(err)}`));
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        type,
        resolve: (m: WorkerMessage) => {
          clearTimeout(timer);
          resolve(m as T);
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        killGroup(child);
        reject(
          new ChildFailed(
            `${script}: no "${type ?? "any"}" message within ${timeoutMs} ms\n${tail(err)}`,
            true,
          ),
        );
      }, timeoutMs);
      waiters.push(waiter);
    });
  };

  return {
    pid: child.pid,
    send(message) {
      if (child.connected) child.send(message);
    },
    next: (type, timeoutMs) => next(type, timeoutMs),
    async result<T>(timeoutMs: number): Promise<T> {
      const started = Date.now();
      const message = await next<WorkerMessage & { result: T }>("result", timeoutMs);
      // The worker exits right after its result; give it what is left of the budget, then kill it.
      const left = Math.max(1000, timeoutMs - (Date.now() - started));
      await Promise.race([exited, new Promise((r) => setTimeout(r, left).unref())]);
      killGroup(child);
      return message.result;
    },
    kill: () => killGroup(child),
    stderr: () => err,
  };
}

/** Starts a worker, waits for its result within `timeoutMs`, and makes sure it is gone afterwards. */
export async function runWorker<T>(
  script: string,
  input: unknown,
  timeoutMs: number,
  options: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<T> {
  const worker = startWorker(script, input, options);
  try {
    return await worker.result<T>(timeoutMs);
  } finally {
    worker.kill();
  }
}

function tail(text: string, lines = 25): string {
  return text.trim().split("\n").slice(-lines).join("\n");
}
