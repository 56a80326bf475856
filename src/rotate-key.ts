import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError, GENERATE_KEY, loadConfig, readKeyFile } from "./config.js";
import { createIdentity } from "./db/identity.js";
import { openDatabase } from "./db/open.js";
import { acquireProcessLock } from "./db/process-lock.js";
import { rotateKey } from "./db/rotate-key.js";

/**
 * `npm run rotate-key`: with Relay stopped, re-seals and re-keys every row from the current DATA_KEY
 * (DATA_KEY or DATA_KEY_FILE) to the one in NEW_DATA_KEY_FILE, in one transaction. Afterwards the
 * operator puts the new key where the old one was and destroys the old one.
 */
function main(): number {
  process.umask(0o077);
  try {
    const env = process.env;
    const config = loadConfig({
      DATA_KEY: env.DATA_KEY,
      DATA_KEY_FILE: env.DATA_KEY_FILE,
      DATABASE_PATH: env.DATABASE_PATH,
      OPERATOR_IDS: env.OPERATOR_IDS,
    });
    if (!config.dataKey) throw new ConfigError("DATA_KEY or DATA_KEY_FILE (the current key) is required");
    if (!env.NEW_DATA_KEY_FILE)
      throw new ConfigError(
        `NEW_DATA_KEY_FILE is required: a file holding the new key (generate one with: ${GENERATE_KEY})`,
      );
    const raw = readKeyFile(env.NEW_DATA_KEY_FILE, "NEW_DATA_KEY_FILE");
    if (!/^[0-9a-fA-F]{64}$/.test(raw))
      throw new ConfigError("NEW_DATA_KEY_FILE must hold 64 hex characters");
    const newKey = Buffer.from(raw, "hex");
    if (newKey.equals(config.dataKey)) throw new ConfigError("the new key is the current key");

    // Relay must be stopped: a running bot would write rows under the old key meanwhile.
    const lock = acquireProcessLock(config.databasePath);
    try {
      const db = openDatabase(config.databasePath);
      try {
        const r = rotateKey(db, createIdentity(config.dataKey), createIdentity(newKey), config.operatorIds);
        process.stdout.write(
          [
            `relay: every row is now under the new key: ${r.subscribers} subscriptions, ${r.deliveries} deliveries, ${r.updates} updates, ${r.preferences} language choices, ${r.conversations} drafts, ${r.audit} audit rows.`,
            `relay: not carried over (only a hash of an unknown id was stored): ${r.preferencesDropped} language choices, ${r.autoDeleteDropped} auto-delete settings and ${r.conversationsDropped} drafts deleted, ${r.auditKeysDropped} audit rows no longer name an operator.`,
            "relay: now put the new key where the old one was (DATA_KEY_FILE), start Relay, and destroy the old key; backups made before today still need it.",
            "",
          ].join("\n"),
        );
      } finally {
        db.close();
      }
    } finally {
      lock.release();
    }
    return 0;
  } catch (err) {
    // A wrong current key fails to open the first sealed value; the transaction then changed nothing.
    if (!(err instanceof Error)) throw err;
    process.stderr.write(`relay: key rotation failed, nothing changed: ${err.message}\n`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main());
