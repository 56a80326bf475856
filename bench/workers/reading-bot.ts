/**
 * Benchmark 4's bot process: Relay as src/app.ts composes it, or a bare grammY bot answering every
 * update with one fixed sendMessage, both polling the emulator through @grammyjs/runner. Times every
 * update from handleUpdate's entry until its promise settles. Both send under the same send budget
 * (src/delivery/send-budget.ts at `sendRate` a second): Relay through BROADCAST_RATE, the bare bot through
 * the same transformer on its bot.api, keyed the same way.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { run } from "@grammyjs/runner";
import { Bot } from "grammy";
import type { Update } from "grammy/types";
import pino from "pino";
import { ALLOWED_UPDATES, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { Pacer, TELEGRAM_LIMITS } from "../../src/core/delivery/pacing.js";
import { createIdentity } from "../../src/db/identity.js";
import { updates } from "../../src/db/updates.js";
import { chatTag } from "../../src/delivery/dispatcher.js";
import { SendBudget } from "../../src/delivery/send-budget.js";
import { createLogger } from "../../src/logger.js";
import { UPDATE } from "../harness/fixtures.js";
import {
  peakRssBytes,
  post,
  receive,
  removeOnExit,
  runAsWorker,
  startProfiling,
} from "../harness/worker-io.js";

export interface ReadingBotInput {
  kind: "relay" | "bare";
  apiRoot: string;
  token: string;
  dir: string;
  /** The token's send budget, messages a second, for both bots (Relay's BROADCAST_RATE); else Relay's default and none for the bare bot. */
  sendRate?: number;
  /** Write a CPU profile of the measured phase (from "mark" to "handled") to this file. */
  profileTo?: string;
  /**
   * Bare bot only (benchmark 7's peer): its reply carries one button, and a press of it gets a plain
   * answerCallbackQuery, the least a bot can do for a press. No limits of any kind.
   */
  pressable?: boolean;
  /** Relay only: a database prepared beforehand (benchmark 8's subscribers) and its DATA_KEY. */
  database?: { path: string; keyHex: string };
}

/** Benchmark 8: one instant update published inside the bot process, timed until its fan-out is queued. */
export interface PublishedReport {
  /** From the publish call until the last chunk of subscribers was queued, ms. */
  enqueueMs: number;
  /** The publish call alone (the update and its first chunk, one transaction), ms. */
  firstChunkMs: number;
  rows: number;
  /** The event loop's delay while the fan-out ran (perf_hooks, 1 ms resolution): p99 and max, ms. */
  loopDelayP99: number;
  loopDelayMax: number;
}

export interface HandledReport {
  handled: number;
  /** Handler time of every update since the last mark, ms. */
  times: number[];
  /** performance.now() of the first entry and the last settle since the mark. */
  firstEntry: number;
  lastSettle: number;
  failed: number;
  cpuMs: number;
  /** Handler times by what the update asked for: "/section", "text", "callback pg", "inline"… */
  byLabel: Record<string, number[]>;
  /** Duration of every Bot API call the bot made since the mark, by method, ms. */
  api: Record<string, number[]>;
}

export interface ReadingBotOutput {
  peakRss: number;
  logWarnings: number;
  /** Warn+ log lines by "message: error (cause)", counted. */
  logSummary: Record<string, number>;
}

const FIXED_REPLY = "Thanks, noted.";

runAsWorker<ReadingBotInput, ReadingBotOutput>(async (input) => {
  removeOnExit(input.dir); // the runner removes it too; this covers a runner killed with SIGKILL
  const logFile = join(input.dir, `${input.kind}.log`);
  const dest = pino.destination({ dest: logFile, sync: true, mkdir: true });
  let start: () => Promise<void>;
  let stop: () => Promise<void>;
  const dataKey = input.database ? Buffer.from(input.database.keyHex, "hex") : randomBytes(32);
  let publish: (() => Promise<PublishedReport>) | undefined;
  const bot = ((): Bot => {
    if (input.kind === "relay") {
      const config = loadConfig({
        ...(input.sendRate === undefined ? {} : { BROADCAST_RATE: String(input.sendRate) }),
        BOT_TOKEN: input.token,
        TELEGRAM_API_ROOT: input.apiRoot,
        DATA_KEY: dataKey.toString("hex"),
        DATABASE_PATH: input.database?.path ?? join(input.dir, "relay.db"),
        LOG_LEVEL: "info",
      });
      const app = createApp({
        config: { ...config, token: input.token, dataKey: config.dataKey as Buffer },
        logger: createLogger("info", dest),
      });
      start = () => app.start();
      stop = () => app.stop();
      publish = async () => {
        // The operator's confirm button does the same: publish, then kick the delivery engine.
        const ups = updates(app.db, createIdentity(config.dataKey as Buffer), Date.now);
        const delay = monitorEventLoopDelay({ resolution: 1 });
        delay.enable();
        const t0 = performance.now();
        const { id } = ups.publish({ draftKey: "bench-publish", content: UPDATE, sensitive: false });
        const firstChunkMs = performance.now() - t0;
        app.delivery.kick();
        await app.delivery.fanOut.idle();
        const enqueueMs = performance.now() - t0;
        delay.disable();
        return {
          enqueueMs,
          firstChunkMs,
          rows: ups.get(id)?.recipients ?? 0,
          loopDelayP99: delay.percentile(99) / 1e6,
          loopDelayMax: delay.max / 1e6,
        };
      };
      return app.bot as unknown as Bot;
    }
    const bare = new Bot(input.token, { client: { apiRoot: input.apiRoot } });
    // Relay's budget as src/delivery/index.ts builds it: the same limits, the same keyed chat tags.
    if (input.sendRate !== undefined) {
      const ids = createIdentity(dataKey);
      const pacer = new Pacer({ ...TELEGRAM_LIMITS, perSecond: input.sendRate });
      const budget = new SendBudget(pacer, Date.now, (chatId) => chatTag(ids.lookupKey(chatId)));
      bare.api.config.use(budget.transformer);
    }
    const markup = input.pressable
      ? { reply_markup: { inline_keyboard: [[{ text: "▶", callback_data: "next" }]] } }
      : {};
    bare.use(async (ctx) => {
      if (input.pressable && ctx.callbackQuery) return void (await ctx.answerCallbackQuery());
      const chatId = ctx.chatId ?? ctx.from?.id;
      if (chatId !== undefined) await ctx.api.sendMessage(chatId, FIXED_REPLY, markup);
    });
    bare.catch(() => {});
    let handle: ReturnType<typeof run> | undefined;
    start = async () => {
      await bare.init();
      handle = run(bare, {
        runner: { silent: true, fetch: { allowed_updates: [...ALLOWED_UPDATES], timeout: 30 } },
      });
    };
    stop = async () => {
      if (handle?.isRunning()) await handle.stop();
    };
    return bare;
  })();

  // From handleUpdate's entry until its promise settles, as the runner calls it.
  let mark = newMark();
  const original = bot.handleUpdate.bind(bot);
  const wrap = (b: Bot) => {
    b.handleUpdate = async (update: Update, webhookReplyEnvelope?: Parameters<Bot["handleUpdate"]>[1]) => {
      const t0 = performance.now();
      if (mark.firstEntry === 0) mark.firstEntry = t0;
      const label = labelOf(update);
      try {
        return await original(update, webhookReplyEnvelope);
      } catch (err) {
        mark.failed++;
        throw err;
      } finally {
        const t1 = performance.now();
        mark.times.push(t1 - t0);
        push(mark.byLabel, label, t1 - t0);
        mark.lastSettle = t1;
        mark.handled++;
        for (const w of [...watchers]) if (mark.handled >= w.count) w.done();
      }
    };
  };
  wrap(bot);
  // Installed last, so outermost: the time a handler waits for each call, retries included.
  bot.api.config.use(async (prev, method, payload, signal) => {
    const t0 = performance.now();
    try {
      return await prev(method, payload, signal);
    } finally {
      if (method !== "getUpdates") push(mark.api, method, performance.now() - t0);
    }
  });
  const watchers = new Set<{ count: number; done(): void }>();

  await start();
  post({ type: "ready" });

  let stopProfiling: ((file: string) => Promise<void>) | undefined;
  for (;;) {
    const message = await receive();
    if (message.type === "stop") break;
    if (message.type === "publish" && publish) {
      post({ type: "published", report: await publish() });
      continue;
    }
    if (message.type === "mark") {
      if (input.profileTo) stopProfiling = await startProfiling();
      mark = newMark();
      post({ type: "marked" });
      continue;
    }
    if (message.type !== "await-handled") continue;
    const { count, timeoutMs } = message as unknown as { count: number; timeoutMs: number };
    await new Promise<void>((resolve) => {
      const watcher = { count, done: finish };
      const timer = setTimeout(finish, timeoutMs);
      function finish() {
        clearTimeout(timer);
        watchers.delete(watcher);
        resolve();
      }
      if (mark.handled >= count) finish();
      else watchers.add(watcher);
    });
    const cpu = process.cpuUsage(mark.cpu0);
    if (stopProfiling && input.profileTo) await stopProfiling(input.profileTo);
    stopProfiling = undefined;
    const { cpu0: _, ...report } = mark;
    post({
      type: "handled",
      report: { ...report, cpuMs: (cpu.user + cpu.system) / 1000 } satisfies HandledReport,
    });
  }
  await stop();
  const lines = existsSync(logFile) ? readFileSync(logFile, "utf8").split("\n") : [];
  const warnings = lines.filter((l) => /"level":(40|50|60)/.test(l));
  const logSummary: Record<string, number> = {};
  for (const line of warnings) {
    const key = summarizeLogLine(line);
    logSummary[key] = (logSummary[key] ?? 0) + 1;
  }
  return { peakRss: peakRssBytes(), logWarnings: warnings.length, logSummary };
});

function newMark() {
  return {
    handled: 0,
    times: [] as number[],
    firstEntry: 0,
    lastSettle: 0,
    failed: 0,
    byLabel: {} as Record<string, number[]>,
    api: {} as Record<string, number[]>,
    cpu0: process.cpuUsage(),
  };
}

/** What an update asked for, for the per-kind breakdown (never its text). */
function labelOf(update: Update): string {
  if (update.message?.text?.startsWith("/"))
    return (update.message.text.split(/[\s@]/)[0] ?? "/?").slice(0, 12);
  if (update.message) return "text";
  if (update.callback_query) return `button ${update.callback_query.data?.split(":")[0] ?? "?"}`;
  if (update.inline_query) return "inline query";
  return Object.keys(update).find((k) => k !== "update_id") ?? "?";
}

function push(into: Record<string, number[]>, key: string, value: number): void {
  const list = into[key];
  if (list) list.push(value);
  else into[key] = [value];
}

/** "handler failed: Network request for 'x' failed! (read ECONNRESET)" from one pino line. */
function summarizeLogLine(line: string): string {
  try {
    const entry = JSON.parse(line) as {
      msg?: string;
      err?: { message?: string; cause?: { message?: string } };
    };
    const cause = entry.err?.cause?.message?.replace(/^.* reason: /, "");
    return [entry.msg, entry.err?.message, cause ? `(${cause})` : undefined].filter(Boolean).join(": ");
  } catch {
    return line.slice(0, 120);
  }
}
