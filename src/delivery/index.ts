import type { Agent } from "node:http";
import { Api } from "grammy";
import { Pacer, TELEGRAM_LIMITS } from "../core/delivery/pacing.js";
import type { Identity } from "../db/identity.js";
import type { Repositories } from "../db/repositories.js";
import type { Logger } from "../logger.js";
import { throughAgent } from "../telegram-proxy.js";
import { createDigestClock } from "./digest-clock.js";
import { chatTag, Dispatcher } from "./dispatcher.js";
import { createFanOut } from "./fan-out.js";
import { createJobs } from "./jobs.js";
import { createProgressReporter } from "./progress-reporter.js";
import type { Publication } from "./publication-jobs.js";
import { createRetention } from "./retention.js";
import { SendBudget } from "./send-budget.js";
import type { Texts } from "./texts.js";

/** The repositories the delivery engine works: built once in src/app.ts. */
export type DeliveryRepositories = Pick<
  Repositories,
  "outbox" | "updates" | "digests" | "audit" | "truncateWal"
> & {
  conversations: Pick<Repositories["conversations"], "expire">;
  prefs: Pick<Repositories["prefs"], "expire">;
};

export interface DeliveryDeps extends DeliveryRepositories {
  /** Checkpoints in a worker thread while a fan-out writes; without it, SQLite's own on this thread. */
  checkpointsAside?: Repositories["checkpointsAside"];
  token: string;
  apiRoot: string;
  /** TELEGRAM_PROXY's agent, when set. */
  agent?: Agent;
  ids: Identity;
  texts: Texts;
  logger: Logger;
  now: () => number;
  /** BROADCAST_RATE. */
  broadcastRate: number;
  retentionDays: number;
  /** AUDIT_KEY_HOURS. */
  auditKeyHours?: number;
  /** PREFERENCE_DAYS; undefined keeps language choices (tests of delivery alone). */
  preferenceDays?: number;
  /** DELIVERY_MAX_AGE_HOURS; undefined: no limit. */
  maxAgeHours?: number;
  publication?: Publication;
  /** Seconds before a request with no answer counts as an unknown outcome. */
  timeoutSeconds?: number;
  concurrency?: number;
  digestIntervalMs?: number;
  progressIntervalMs?: number;
  /** Replies one private chat may get within a second (default 30: see pacing.ts; 1 matches a strict limiter). */
  replyBurst?: number;
}

/** The delivery engine: outbox dispatcher, digest clock, progress reporter and retention, with start/stop. */
export function createDelivery(deps: DeliveryDeps) {
  // Its own Api: no auto-retry transformer, so every 429 reaches the dispatcher.
  const api = new Api(deps.token, {
    apiRoot: deps.apiRoot,
    timeoutSeconds: deps.timeoutSeconds ?? 30,
    ...throughAgent(deps.agent),
  });
  const box = deps.outbox;
  const ups = deps.updates;
  const jobs = createJobs({
    updates: ups,
    texts: deps.texts,
    paid: deps.broadcastRate > 30,
    publication: deps.publication,
    firstPosts: (id) => ups.firstPosts(id),
    fileReady: (id, part) => ups.fileReady(id, part),
    logger: deps.logger,
    maxAgeMs: deps.maxAgeHours === undefined ? undefined : deps.maxAgeHours * 3_600_000,
    now: deps.now,
  });
  // One budget for the token: the bot's replies (through budget.transformer) and every delivery.
  const pacer = new Pacer({ ...TELEGRAM_LIMITS, perSecond: deps.broadcastRate, replyBurst: deps.replyBurst });
  const budget = new SendBudget(pacer, deps.now, (chatId) => chatTag(deps.ids.lookupKey(chatId)));
  const dispatcher = new Dispatcher({
    api,
    pacer,
    replyWaiting: () => budget.replyWaiting,
    outbox: box,
    jobs,
    ids: deps.ids,
    logger: deps.logger.child({ part: "dispatcher" }),
    now: deps.now,
    rate: deps.broadcastRate,
    concurrency: deps.concurrency,
  });
  const fanOut = createFanOut({
    updates: ups,
    logger: deps.logger,
    now: deps.now,
    enqueued: () => dispatcher.kick(),
    checkpointsAside: deps.checkpointsAside,
  });
  const digestClock = createDigestClock({
    digests: deps.digests,
    updates: ups,
    texts: deps.texts,
    logger: deps.logger,
    now: deps.now,
    enqueued: () => dispatcher.kick(),
    intervalMs: deps.digestIntervalMs,
  });
  const progress = createProgressReporter({
    api,
    updates: ups,
    ids: deps.ids,
    texts: deps.texts,
    dispatcher,
    logger: deps.logger,
    now: deps.now,
    intervalMs: deps.progressIntervalMs,
  });
  const retention = createRetention({
    outbox: box,
    updates: ups,
    audit: deps.audit,
    expireConversations: () => deps.conversations.expire(),
    truncateWal: deps.truncateWal,
    expirePreferences: () => {
      const days = deps.preferenceDays;
      return days === undefined ? 0 : deps.prefs.expire(days);
    },
    retentionDays: deps.retentionDays,
    auditKeyHours: deps.auditKeyHours,
    logger: deps.logger,
    now: deps.now,
  });

  let started = false;
  return {
    api,
    budget,
    dispatcher,
    fanOut,
    digestClock,
    progress,
    retention,
    /** Something was enqueued: the dispatcher looks now, and a large update's fan-out goes on. */
    kick: () => {
      if (started) fanOut.kick();
      dispatcher.kick();
    },
    /** Starts every loop; each guards its own runs, the first included. Safe to call again after a throw. */
    start(): void {
      if (started) return;
      dispatcher.start();
      fanOut.kick();
      digestClock.start();
      progress.start();
      retention.start();
      started = true;
    },
    /** Each loop's health for /healthz: its last finished run, and false while its last run failed. */
    loops: () => ({
      digests: digestClock.health,
      progress: progress.health,
      retention: retention.health,
    }),
    async stop(): Promise<void> {
      if (!started) return;
      started = false;
      retention.stop();
      await digestClock.stop();
      await fanOut.stop();
      await progress.stop();
      await dispatcher.stop();
    },
  };
}

export type Delivery = ReturnType<typeof createDelivery>;
