import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigError } from "./config.js";

/**
 * Loads `.env` from the working directory when there is one, as .env.example promises.
 * Variables already in the environment win over the file (process.loadEnvFile never overrides).
 * Returns the absolute path read, or undefined when there was none to read.
 */
export function loadDotEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | undefined {
  // RELAY_ENV_FILE names another file; an empty value turns the loading off (the tests use that).
  const name = env.RELAY_ENV_FILE ?? ".env";
  if (name === "") return undefined;
  const path = resolve(cwd, name);
  if (!existsSync(path)) {
    if (env.RELAY_ENV_FILE) throw new ConfigError(`RELAY_ENV_FILE names ${path}, which does not exist`);
    return undefined;
  }
  // process.loadEnvFile is Node 20.12+; engines allow 20.10, so say so rather than ignore the file.
  if (typeof process.loadEnvFile !== "function")
    throw new ConfigError(
      `${path} exists but this Node (${process.version}) cannot read it: use Node 20.12 or later`,
    );
  process.loadEnvFile(path);
  return path;
}
