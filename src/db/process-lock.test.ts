import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { acquireProcessLock, DatabaseLockedError } from "./process-lock.js";

const lockModule = fileURLToPath(new URL("./process-lock.ts", import.meta.url));

/** A process that takes the lock, says so, and holds it until killed. */
function holder(path: string): Promise<ChildProcess> {
  const code = `import(${JSON.stringify(lockModule)}).then(({ acquireProcessLock }) => {
    acquireProcessLock(${JSON.stringify(path)});
    process.stdout.write("locked\\n");
    setInterval(() => {}, 1000);
  });`;
  // node --import tsx, not the tsx CLI: that one runs the script in a grandchild SIGKILL would not reach.
  const child = spawn(process.execPath, ["--import", "tsx", "--eval", code], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => d.toString().includes("locked") && resolve(child));
    child.on("exit", (code) => reject(new Error(`holder exited ${code}`)));
  });
}

describe("acquireProcessLock", () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  });

  it("refuses a second process and is free again as soon as the first is killed with SIGKILL", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "relay-lock-")), "relay.db");
    const first = await holder(path);
    children.push(first);
    expect(() => acquireProcessLock(path)).toThrow(DatabaseLockedError);

    const exited = new Promise((r) => first.once("exit", r));
    first.kill("SIGKILL");
    await exited;

    const lock = acquireProcessLock(path);
    // And now this process holds it: another one is refused.
    await expect(holder(path)).rejects.toThrow(/exited 1/);
    lock.release();
  });
});
