import { once } from "node:events";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { Db } from "./open.js";

// Plain JavaScript run in a worker thread: its own connection, nothing but PASSIVE checkpoints, which WAL
// lets run beside the writer (they copy what no reader needs and never wait for a lock).
const CHECKPOINTER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
const timer = setInterval(() => {
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch {}
}, workerData.everyMs);
parentPort.once("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;
const DRIVER = createRequire(import.meta.url).resolve("better-sqlite3");
/** SQLite's default: a commit that leaves this many pages in the WAL checkpoints them itself. */
const AUTO_CHECKPOINT_PAGES = 1000;

/**
 * While a long run of writes goes on (a fan-out), checkpoints move to a worker thread: otherwise SQLite
 * runs them inside some commits on the bot's thread, 13–22 ms each at 100k subscribers against 2.2 ms for
 * a chunk. stop() hands them back. An in-memory database has no WAL: nothing to do.
 */
export function checkpointsAside(db: Db, everyMs = 50): { stop(): Promise<void> } {
  if (db.memory) return { stop: async () => {} };
  const worker = new Worker(CHECKPOINTER, {
    eval: true,
    workerData: { path: db.name, driver: DRIVER, everyMs },
  });
  const exited = once(worker, "exit").catch(() => undefined);
  db.pragma("wal_autocheckpoint = 0");
  // A checkpointer that died hands checkpoints back to the bot's thread, or the WAL would grow unchecked.
  worker.on("error", () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  });
  return {
    async stop() {
      worker.postMessage("stop");
      await exited;
      if (db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
    },
  };
}
