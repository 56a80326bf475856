/**
 * One broadcaster in its own process, against the emulator: Relay's outbox and dispatcher, or one of the
 * loops a grammY developer would write without Relay. Reports its own clock and CPU; the emulator's call
 * record, read by the runner, says what actually arrived.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { autoRetry } from "@grammyjs/auto-retry";
import { apiThrottler } from "@grammyjs/transformer-throttler";
import { Api } from "grammy";
import pino from "pino";
import { createTranslator } from "../../src/bot/i18n.js";
import { createIdentity } from "../../src/db/identity.js";
import { openDatabase } from "../../src/db/open.js";
import { outbox } from "../../src/db/outbox.js";
import { createRepositories } from "../../src/db/repositories.js";
import { subscribers } from "../../src/db/subscribers.js";
import { updates } from "../../src/db/updates.js";
import type { Dispatcher } from "../../src/delivery/dispatcher.js";
import { createDelivery } from "../../src/delivery/index.js";
import { createLogger } from "../../src/logger.js";
import { langOf, PEER_MARKUP, PEER_TEXT, UPDATE } from "../harness/fixtures.js";
import { sleep } from "../harness/stats.js";
import { peakRssBytes, removeOnExit, runAsWorker, startProfiling } from "../harness/worker-io.js";

export type Contender = "relay" | "auto-retry" | "throttler" | "bare";

export interface BroadcastInput {
  apiRoot: string;
  token: string;
  contender: Contender;
  chatIds: number[];
  /** Relay: BROADCAST_RATE, or "off" for the pacer out of the way (Infinity: JSON cannot carry it). */
  rate?: number | "off";
  /** Requests in flight: Relay's dispatcher option, and the bare loop's number of parallel senders. */
  concurrency?: number;
  /** Relay: use the concurrency the dispatcher picks by itself for this BROADCAST_RATE. */
  concurrencyOfRate?: number;
  /** Where Relay's database and logs go. */
  dir?: string;
  timeoutMs: number;
  /** Relay: write a CPU profile of the sending phase (after the enqueue) to this file. */
  profileTo?: string;
}

export interface BroadcastOutput {
  /** Epoch ms when the broadcast was started (publish for Relay, the loop's first call for the others). */
  startedAt: number;
  /** Epoch ms when the broadcaster considered itself done. */
  finishedAt: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** Sends that threw in the end (after the broadcaster's own retries). */
  thrown: number;
  peakRss: number;
  relay?: {
    enqueueMs: number;
    enqueueCpuMs: number;
    recipients: number;
    pending: number;
    failed: number;
    counters: Record<string, number>;
    warnings: number;
    concurrency: number;
  };
}

const ROOT = join(import.meta.dirname, "..", "..");

runAsWorker<BroadcastInput, BroadcastOutput>(async (input) => {
  if (input.contender === "relay") return relay(input);
  return loop(input);
});

async function loop(input: BroadcastInput): Promise<BroadcastOutput> {
  const api = new Api(input.token, { apiRoot: input.apiRoot });
  if (input.contender === "throttler") api.config.use(apiThrottler());
  // Outermost: a 429 is retried through the throttler again, as grammY's docs combine them.
  if (input.contender !== "bare") api.config.use(autoRetry());
  const concurrency = input.contender === "bare" ? Math.max(1, input.concurrency ?? 1) : 1;
  let thrown = 0;
  let next = 0;
  const sender = async () => {
    while (next < input.chatIds.length) {
      const chatId = input.chatIds[next++] as number;
      try {
        await api.sendMessage(chatId, PEER_TEXT, { reply_markup: PEER_MARKUP });
      } catch {
        thrown++;
      }
    }
  };
  const cpu0 = process.cpuUsage();
  const startedAt = Date.now();
  await Promise.all(Array.from({ length: concurrency }, sender));
  const finishedAt = Date.now();
  const cpu = process.cpuUsage(cpu0);
  return {
    startedAt,
    finishedAt,
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    thrown,
    peakRss: peakRssBytes(),
  };
}

async function relay(input: BroadcastInput): Promise<BroadcastOutput> {
  const dir = input.dir ?? mkdtempSync(join(tmpdir(), "relay-bench-broadcast-"));
  if (!input.dir) removeOnExit(dir);
  const logFile = join(dir, "relay.log");
  const dest = pino.destination({ dest: logFile, sync: true, mkdir: true });
  const logger = createLogger("info", dest);
  const db = openDatabase(join(dir, "relay.db"));
  try {
    const now = () => Date.now();
    const ids = createIdentity(randomBytes(32));
    const subs = subscribers(db, ids, now);
    db.transaction(() => {
      for (const [i, chatId] of input.chatIds.entries())
        subs.subscribe(chatId, { isGroup: false, lang: langOf(i) });
    })();
    const ups = updates(db, ids, now);
    const box = outbox(db, ids, now);
    const translator = createTranslator(join(ROOT, "locales"));
    const rate = input.rate === "off" ? Number.POSITIVE_INFINITY : (input.rate ?? 30);
    // The delivery engine as src/app.ts builds it: dispatcher, digest clock, progress, retention.
    const common = {
      token: input.token,
      apiRoot: input.apiRoot,
      ...createRepositories(db, ids, now),
      ids,
      texts: translator,
      logger,
      now,
      retentionDays: 90,
    };
    const wanted =
      input.concurrency ??
      concurrencyOf(createDelivery({ ...common, broadcastRate: input.concurrencyOfRate ?? rate }).dispatcher);
    const delivery = createDelivery({ ...common, broadcastRate: rate, concurrency: wanted });
    const dispatcher = delivery.dispatcher;
    const concurrency = concurrencyOf(dispatcher) ?? Number.NaN;
    delivery.start();

    const cpu0 = process.cpuUsage();
    const startedAt = Date.now();
    const published = ups.publish({
      draftKey: randomBytes(8).toString("hex"),
      content: UPDATE,
      sensitive: false,
    });
    // publish() queues the first chunk; the fan-out loop queues the rest a chunk per turn. The whole
    // fan-out is the enqueue, timed apart as it was before it came in chunks: this benchmark measures the
    // dispatcher on a queued broadcast (benchmarks 3 and 8 measure the fan-out). Without it, the check
    // for the end below could see an empty outbox between two chunks and stop the broadcast early.
    let recipients = published.recipients;
    for (let done = false; !done; ) {
      const step = ups.fanOutStep(published.id);
      recipients += step.added;
      done = step.done;
    }
    const enqueueMs = Date.now() - startedAt;
    const enqueueCpu = process.cpuUsage(cpu0);
    const stopProfiling = input.profileTo ? await startProfiling() : undefined;
    delivery.kick();
    const cpu1 = process.cpuUsage();
    const deadline = Date.now() + input.timeoutMs;
    // Watching for the end must not cost the process it measures: a full count of the outbox every
    // 10 ms took up to a quarter of its CPU. The oldest due row (an index lookup) and the dispatcher's
    // own bookkeeping say when it may be over; the full count confirms it.
    const drained = () => box.nextDue() === undefined && !dispatcher.busy && box.counts().pending === 0;
    while (!drained()) {
      if (Date.now() > deadline)
        throw new Error(`relay: ${box.counts().pending} deliveries still pending at the deadline`);
      await sleep(10);
    }
    const finishedAt = Date.now();
    const cpu = process.cpuUsage(cpu1);
    if (stopProfiling && input.profileTo) await stopProfiling(input.profileTo);
    await delivery.stop();
    const counts = box.counts();
    const warnings = countWarnings(logFile);
    return {
      startedAt,
      finishedAt,
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      thrown: 0,
      peakRss: peakRssBytes(),
      relay: {
        enqueueMs,
        enqueueCpuMs: (enqueueCpu.user + enqueueCpu.system) / 1000,
        recipients,
        pending: counts.pending,
        failed: counts.failed,
        counters: box.counters.all() as Record<string, number>,
        warnings,
        concurrency,
      },
    };
  } finally {
    db.close();
    if (!input.dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** Log lines at warn or above (429s, failures): what an operator would see. */
function countWarnings(file: string): number {
  if (!existsSync(file)) return 0;
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => /"level":(40|50|60)/.test(line)).length;
}

/** The dispatcher's requests-in-flight cap (private today: see the hook asked for in docs/BENCHMARKS.md). */
function concurrencyOf(dispatcher: Dispatcher): number | undefined {
  const value = (dispatcher as unknown as { concurrency?: unknown }).concurrency;
  return typeof value === "number" ? value : undefined;
}
