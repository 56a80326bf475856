import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createTranslator } from "../bot/i18n.js";
import { createIdentity } from "../db/identity.js";
import { type Db, openDatabase } from "../db/open.js";
import { createRepositories } from "../db/repositories.js";
import { createLogger } from "../logger.js";
import { createDelivery, type Delivery } from "./index.js";

const ROOT = join(import.meta.dirname, "..", "..");

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in 5 s");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("delivery.start", () => {
  let db: Db;
  let delivery: Delivery | undefined;
  afterEach(async () => {
    await delivery?.stop();
    db.close();
  });

  it("keeps every loop running when the digest clock's first tick throws, and reports it until it recovers", async () => {
    db = openDatabase(":memory:");
    const logs: string[] = [];
    const ids = createIdentity(randomBytes(32));
    delivery = createDelivery({
      token: "1:x",
      apiRoot: "http://127.0.0.1:9",
      ...createRepositories(db, ids, () => Date.now()),
      ids,
      texts: createTranslator(join(ROOT, "locales")),
      logger: createLogger("error", { write: (l: string) => void logs.push(l) }),
      now: () => Date.now(),
      broadcastRate: 30,
      retentionDays: 90,
      digestIntervalMs: 20,
    });
    // The digest clock reads the subscriber table: without it, its first tick throws.
    db.exec("ALTER TABLE subscriber RENAME TO subscriber_away");
    expect(() => delivery?.start()).not.toThrow();
    const loops = delivery.loops();
    expect(loops.digests.failing).toBe(true);
    expect(loops.retention.lastRunAt).toBeDefined(); // ran at start all the same
    expect(delivery.dispatcher.isRunning).toBe(true);
    expect(logs.some((l) => l.includes('"loop":"digests"'))).toBe(true);

    db.exec("ALTER TABLE subscriber_away RENAME TO subscriber");
    await until(() => !loops.digests.failing);
    expect(loops.digests.lastRunAt).toBeDefined();
  });
});
