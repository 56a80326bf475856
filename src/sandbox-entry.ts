import type { Config } from "./config.js";

/** What src/dev-sandbox.ts offers main: the tokenless run, an emulator and a terminal chat. */
export interface SandboxEntry {
  runSandbox(config: Config, envFile?: string): Promise<number>;
}

/**
 * The module main loads when there is no BOT_TOKEN. Named in a variable, not a literal: tsc follows a
 * literal import into the build, and the production build (tsconfig.build.json) leaves the emulator out.
 */
const SANDBOX_MODULE = "./dev-sandbox.js";

/** The sandbox, or undefined in a build that leaves it out (the production image). */
export async function loadSandbox(): Promise<SandboxEntry | undefined> {
  try {
    return (await import(SANDBOX_MODULE)) as SandboxEntry;
  } catch (err) {
    const { code, message } = err as { code?: string; message?: string };
    if (code === "ERR_MODULE_NOT_FOUND" && message?.includes("dev-sandbox")) return undefined;
    throw err;
  }
}
