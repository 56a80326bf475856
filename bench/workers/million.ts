import { pick, random } from "../harness/random.js";
/**
 * Benchmark 3's worker. "generate": N subscribers written through the data layer (src/db/subscribers.ts),
 * mixed languages, cadences, hours, weekdays and offsets, with the sealing of chat ids timed apart.
 * "enqueue", in a fresh process so its peak RSS is the enqueue's alone: one instant update for everyone
 * (src/db/updates.ts publish), then the digest clock's tick one hour later (src/delivery/digest-clock.ts).
 */

import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { generateX25519Identity, identityToRecipient } from "age-encryption";
import { backupDatabase } from "../../src/backup.js";
import { createTranslator } from "../../src/bot/i18n.js";
import type { Lang } from "../../src/core/article/model.js";
import type { Cadence } from "../../src/core/delivery/digest-due.js";
import { checkpointsAside } from "../../src/db/checkpoints-aside.js";
import { digests } from "../../src/db/digests.js";
import { createIdentity, type Identity } from "../../src/db/identity.js";
import { type Db, openDatabase } from "../../src/db/open.js";
import { subscribers } from "../../src/db/subscribers.js";
import { updates } from "../../src/db/updates.js";
import { createDigestClock } from "../../src/delivery/digest-clock.js";
import { createFanOut } from "../../src/delivery/fan-out.js";
import { createLogger } from "../../src/logger.js";
import { dbBytes } from "../harness/db-size.js";
import { UPDATE } from "../harness/fixtures.js";
import { peakRssBytes, post, runAsWorker } from "../harness/worker-io.js";

export interface MillionInput {
  mode: "generate" | "enqueue" | "backup";
  dbPath: string;
  keyHex: string;
  count: number;
  /** The clock during generation (digest slots are computed from it). */
  generatedAt: number;
}

export interface GenerateOutput {
  sealMs: number;
  insertMs: number;
  totalMs: number;
  byCadence: Record<string, number>;
  dbBytes: number;
  peakRss: number;
}

/** Sent as soon as the instant enqueue is done, before the digest tick (which may be cut short). */
export interface InstantReport {
  openMs: number;
  rssAfterOpen: number;
  instantMs: number;
  instantRows: number;
  digestSubscribers: number;
  /** EXPLAIN QUERY PLAN of the digest's "what is new for this chat" query, on this database. */
  freshPlan: string[];
  /** VmHWM after opening the database and after the instant enqueue: which phase sets the peak. */
  peakAfterOpen: number;
  peakAfterInstant: number;
  /** Mean time of that query (digests().freshFor) for the first due subscribers, ms. */
  freshQueryMs: number;
  pid: number;
}

export interface EnqueueOutput extends InstantReport {
  /** Largest process.memoryUsage() figures seen inside the digest tick (bytes). */
  tickMemory?: { heapTotal: number; heapUsed: number; rss: number; external: number };
  digestMs: number;
  digestRows: number;
  checkpointMs: number;
  dbBytesAfter: number;
  peakRss: number;
  heapUsedAfter: number;
}

const ROOT = join(import.meta.dirname, "..", "..");
const CHUNK = 50_000;
const HOUR = 3_600_000;
const LANGS: Lang[] = ["ru", "ru", "ru", "ru", "en", "en", "en", "fr", "fr", "fr"];
// 60 % instant, 30 % daily, 10 % weekly.
const CADENCES: Cadence[] = [
  "instant",
  "instant",
  "instant",
  "instant",
  "instant",
  "instant",
  "daily",
  "daily",
  "daily",
  "weekly",
];
const OFFSETS = [0, 60, 120, 180, 300, 330, 345, 360, 420, 540, -180, -300, -420, 600];

/** An Identity that answers from values sealed beforehand, so the insert phase is timed without them. */
function presealed(real: Identity, cache: Map<number, { key: Buffer; sealed: Buffer }>): Identity {
  return {
    ...real,
    lookupKey: (id) => cache.get(Number(id))?.key ?? real.lookupKey(id),
    seal: (id) => cache.get(Number(id))?.sealed ?? real.seal(id),
  };
}

function generate(input: MillionInput): GenerateOutput {
  const t0 = performance.now();
  const db = openDatabase(input.dbPath);
  const real = createIdentity(Buffer.from(input.keyHex, "hex"));
  const cache = new Map<number, { key: Buffer; sealed: Buffer }>();
  const subs = subscribers(db, presealed(real, cache), () => input.generatedAt);
  const rnd = random(input.count);
  const byCadence: Record<string, number> = {};
  let sealMs = 0;
  let insertMs = 0;
  for (let start = 0; start < input.count; start += CHUNK) {
    const end = Math.min(input.count, start + CHUNK);
    const chatIds: number[] = [];
    for (let i = start; i < end; i++)
      chatIds.push(i % 100 === 99 ? -(1_001_000_000_000 + i) : 2_000_000_000 + i);
    const s0 = performance.now();
    cache.clear();
    for (const id of chatIds) cache.set(id, { key: real.lookupKey(id), sealed: real.seal(id) });
    sealMs += performance.now() - s0;
    const i0 = performance.now();
    db.transaction(() => {
      for (const chatId of chatIds) {
        const lang = pick(LANGS, rnd());
        const cadence = pick(CADENCES, rnd());
        subs.subscribe(chatId, { isGroup: chatId < 0, lang });
        if (cadence !== "instant")
          subs.change(chatId, {
            cadence,
            hour: Math.floor(rnd() * 24),
            weekday: 1 + Math.floor(rnd() * 7),
            offsetMinutes: pick(OFFSETS, rnd()),
          });
        byCadence[cadence] = (byCadence[cadence] ?? 0) + 1;
      }
    })();
    insertMs += performance.now() - i0;
  }
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return {
    sealMs,
    insertMs,
    totalMs: performance.now() - t0,
    byCadence,
    dbBytes: dbBytes(input.dbPath),
    peakRss: peakRssBytes(),
  };
}

async function enqueue(input: MillionInput): Promise<EnqueueOutput> {
  const o0 = performance.now();
  const db = openDatabase(input.dbPath);
  const ids = createIdentity(Buffer.from(input.keyHex, "hex"));
  let clock = input.generatedAt + 60_000;
  const now = () => clock;
  const ups = updates(db, ids, now);
  const translator = createTranslator(join(ROOT, "locales"));
  const logger = createLogger("warn");
  const openMs = performance.now() - o0;
  const rssAfterOpen = process.memoryUsage().rss;
  const peakAfterOpen = peakRssBytes();
  const count = (sql: string) => db.prepare(sql).pluck().get() as number;

  const i0 = performance.now();
  const published = ups.publish({ draftKey: "bench-million", content: UPDATE, sensitive: false });
  // The first chunk went with the update; the rest a chunk per turn of the event loop (src/delivery/fan-out.ts).
  const fanOut = createFanOut({
    updates: ups,
    logger,
    now,
    enqueued: () => {},
    checkpointsAside: () => checkpointsAside(db),
  });
  fanOut.kick();
  await fanOut.idle();
  const instantMs = performance.now() - i0;

  // One hour later: every daily (and weekly) digest whose local hour came in that hour is due.
  clock = input.generatedAt + HOUR;
  const digestSubscribers = count(`SELECT COUNT(*) FROM subscriber WHERE next_digest_at <= ${clock}`);
  const freshPlan = planOfFreshQuery(db);
  const peakAfterInstant = peakRssBytes();
  const digestStore = digests(db, now);
  const sample = digestStore.due(clock, 20);
  const f0 = performance.now();
  for (const d of sample) digestStore.freshFor(d);
  const freshQueryMs = sample.length > 0 ? (performance.now() - f0) / sample.length : Number.NaN;
  const instant: InstantReport = {
    freshQueryMs,
    openMs,
    rssAfterOpen,
    instantMs,
    instantRows: ups.get(published.id)?.recipients ?? Number.NaN,
    digestSubscribers,
    freshPlan,
    peakAfterOpen,
    peakAfterInstant,
    pid: process.pid,
  };
  post({ type: "instant", report: instant });
  const before = count("SELECT COUNT(*) FROM delivery WHERE kind = 'digest'");
  // Memory inside the tick: sampled at each batch's commit, to tell V8's heap from SQLite's.
  const tickMemory = { heapTotal: 0, heapUsed: 0, rss: 0, external: 0 };
  const sampled: typeof digestStore = {
    ...digestStore,
    commitAll: ((batch) => {
      const m = process.memoryUsage();
      tickMemory.heapTotal = Math.max(tickMemory.heapTotal, m.heapTotal);
      tickMemory.heapUsed = Math.max(tickMemory.heapUsed, m.heapUsed);
      tickMemory.rss = Math.max(tickMemory.rss, m.rss);
      tickMemory.external = Math.max(tickMemory.external, m.external + m.arrayBuffers);
      return digestStore.commitAll(batch);
    }) as typeof digestStore.commitAll,
  };
  const clockOfDigests = createDigestClock({
    digests: sampled,
    updates: ups,
    texts: translator,
    logger,
    now,
    enqueued: () => {},
  });
  const d0 = performance.now();
  await clockOfDigests.tick();
  const digestMs = performance.now() - d0;
  const digestRows = count("SELECT COUNT(*) FROM delivery WHERE kind = 'digest'") - before;
  const c0 = performance.now();
  db.pragma("wal_checkpoint(TRUNCATE)");
  const checkpointMs = performance.now() - c0;
  db.close();
  return {
    ...instant,
    digestMs,
    digestRows,
    checkpointMs,
    tickMemory,
    dbBytesAfter: dbBytes(input.dbPath),
    peakRss: peakRssBytes(),
    heapUsedAfter: process.memoryUsage().heapUsed,
  };
}

export interface BackupOutput {
  ms: number;
  bytes: number;
}

/** `npm run backup`'s function (snapshot, age encryption) on the database as the enqueue left it. */
async function backup(input: MillionInput): Promise<BackupOutput> {
  const recipient = await identityToRecipient(await generateX25519Identity());
  const t0 = performance.now();
  const { path: target } = await backupDatabase(input.dbPath, { recipient, keep: 1 });
  const ms = performance.now() - t0;
  const bytes = dbBytes(target);
  rmSync(target, { force: true });
  return { ms, bytes };
}

runAsWorker<MillionInput, GenerateOutput | EnqueueOutput | BackupOutput>(async (input) =>
  input.mode === "generate" ? generate(input) : input.mode === "enqueue" ? enqueue(input) : backup(input),
);

/**
 * EXPLAIN QUERY PLAN of the `fresh` statement exactly as src/db/digests.ts writes it today (read from the
 * source, so the plan follows the code); empty if the statement cannot be found there.
 */
function planOfFreshQuery(db: Db): string[] {
  try {
    const source = readFileSync(join(ROOT, "src", "db", "digests.ts"), "utf8");
    const sql = /const fresh = db\.prepare<[^>]*>\(\s*`([^`]*)`/.exec(source)?.[1];
    if (!sql) return [];
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(0, Buffer.alloc(32)) as Array<{
      detail: string;
    }>;
    return rows.map((r) => r.detail);
  } catch {
    return [];
  }
}
