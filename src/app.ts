import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunnerHandle, run } from "@grammyjs/runner";
import type { UserFromGetMe } from "grammy/types";
import { createBot } from "./bot/create-bot.js";
import { createAutoDeleteSweeper } from "./bot/features/auto-delete/sweeper.js";
import type { OperatorDraft } from "./bot/features/operators/index.js";
import { articlePublication } from "./bot/features/operators/publication.js";
import { createTranslator } from "./bot/i18n.js";
import { desiredMenus, syncMenus } from "./bot/menus.js";
import { offlineEditions } from "./bot/offline-editions/editions.js";
import { conflictWatch } from "./bot/token-conflict.js";
import type { Config } from "./config.js";
import { createLibrary, type Library } from "./core/article/library.js";
import { loadArticle } from "./core/article/load.js";
import { buildCorpus } from "./core/search/corpus.js";
import { createLocator } from "./core/search/locate.js";
import { createQuestionMatcher } from "./core/search/questions.js";
import { freezeSearchVocabulary } from "./core/search/vocabulary.js";
import { createIdentity } from "./db/identity.js";
import { openDatabase } from "./db/open.js";
import { acquireProcessLock } from "./db/process-lock.js";
import { createRepositories } from "./db/repositories.js";
import { createSearchIndex } from "./db/search-index.js";
import { deleteLocalBackups, wipeDatabase } from "./db/wipe.js";
import { createDelivery } from "./delivery/index.js";
import type { Logger } from "./logger.js";
import { createHttpFront } from "./server/front.js";
import { telegramProxyAgent } from "./telegram-proxy.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The kinds of update Relay handles; anything else Telegram need not send. */
export const ALLOWED_UPDATES = [
  "message",
  "edited_message",
  "callback_query",
  "inline_query",
  "channel_post",
  "my_chat_member",
] as const;

export interface AppOptions {
  config: Config & { token: string; dataKey: Buffer };
  logger: Logger;
  /** The clock every timer reads (tests shift it). */
  now?: () => number;
  botInfo?: UserFromGetMe;
  dataDir?: string;
  localesDir?: string;
  /** Called when Telegram says another instance is polling (409), once the operators were told: the process should stop. */
  onConflict?: () => void;
  /** Called when polling stops for good (token revoked, an outage past the runner's retry time). */
  onFatal?: () => void;
  /** Called after /wipe emptied everything: the process should stop. */
  onWiped?: () => void;
  /** Overrides PORT for the /healthz and webhook server (tests pass 0 for any free port). */
  httpPort?: number;
  /** Replies a private chat may get within a second (default 30); benchmarks on a strict limiter pass 1. */
  replyBurst?: number;
}

/** Builds everything from configuration: article, database, bot. Nothing runs until start(). */
export function createApp(options: AppOptions) {
  const { config, logger } = options;
  const now = options.now ?? (() => Date.now() + config.clockOffsetMs);
  const library: Library = createLibrary(loadArticle(options.dataDir ?? join(ROOT, "data")));
  const translator = createTranslator(options.localesDir ?? join(ROOT, "locales"));
  // One process per database: a second one stops here with DatabaseLockedError (the OS frees it if we die).
  const lock = acquireProcessLock(config.databasePath);
  const db = openDatabase(config.databasePath);
  const ids = createIdentity(config.dataKey);
  // Every repository once; each feature gets the narrow part it uses, never `db`.
  const repos = createRepositories<OperatorDraft>(db, ids, now);
  const { prefs } = repos;
  // The article's indexes, each built once here over one corpus (~60 ms), not in the first reader's reply.
  const corpora = buildCorpus(library.article);
  const searchIndex = createSearchIndex(library.article, corpora);
  const questions = createQuestionMatcher(library.article, { corpora, eager: true });
  const locator = createLocator(library.article, corpora);
  // From here on the word and stem caches hold the article's vocabulary only (core/search/vocabulary.ts).
  freezeSearchVocabulary();

  // One agent for every Bot API call when TELEGRAM_PROXY is set: replies, conversations and deliveries.
  const agent = telegramProxyAgent(config.proxy);
  // The scheme only: the URL may hold a password.
  if (config.proxy)
    logger.info({ proxy: new URL(config.proxy).protocol.replace(":", "") }, "Bot API through a proxy");
  const channel = config.channelId
    ? {
        chatId: /^-?\d+$/.test(config.channelId) ? Number(config.channelId) : config.channelId,
        lang: config.channelLanguage,
      }
    : undefined;
  // The offline files, built on first use; the colophon names the bot, known once it is initialised.
  const editions = offlineEditions(library, translator, () => relay.bot.botInfo.username);
  const publication = channel
    ? articlePublication(library, translator, channel.lang, { editions, fileIds: repos.editionFiles })
    : undefined;
  // Outbox dispatcher, digest clock, progress messages and retention, on their own Api (src/delivery/).
  const delivery = createDelivery({
    token: config.token,
    apiRoot: config.apiRoot,
    agent,
    ...repos,
    ids,
    texts: translator,
    logger,
    now,
    broadcastRate: config.broadcastRate,
    retentionDays: config.retentionDays,
    auditKeyHours: config.auditKeyHours,
    preferenceDays: config.preferenceDays,
    maxAgeHours: config.deliveryMaxAgeHours,
    replyBurst: options.replyBurst,
    publication,
  });

  const relay = createBot({
    token: config.token,
    apiRoot: config.apiRoot,
    agent,
    library,
    searchIndex,
    questions,
    locator,
    ...repos,
    translator,
    defaultLanguage: config.defaultLanguage,
    operatorIds: config.operatorIds,
    logger,
    now,
    botInfo: options.botInfo,
    delivery,
    channel,
    publication,
    privacyFacts: { auditKeyHours: config.auditKeyHours, backupKeep: config.backupKeep },
    editions,
    // Nothing is logged or audited: afterwards there is nothing left to account for.
    wipe: async () => {
      wipeDatabase(db);
      deleteLocalBackups(config.databasePath);
      await relay.bot.api.deleteWebhook().catch(() => undefined);
      // After the /wipe handler has replied: stopping from inside it would wait for itself.
      setTimeout(() => options.onWiped?.(), 100);
    },
    sendBudget: delivery.budget.transformer,
  });
  const { bot } = relay;
  // Auto-delete and /panic's self-deleting report: due messages are deleted every 30 s.
  const autoDelete = createAutoDeleteSweeper(bot.api, repos.autoDeletions, logger);

  // A 409 means another program polls with this token: tell the operators, then stop rather than fight.
  bot.api.config.use(
    conflictWatch({
      api: bot.api,
      operatorIds: config.operatorIds,
      languageOf: (id) => prefs.language(id),
      defaultLanguage: config.defaultLanguage,
      translator,
      logger,
      stop: () => options.onConflict?.(),
    }),
  );

  // GET /healthz with PORT; with WEBHOOK_URL, Telegram's POSTs instead of long polling (src/server/).
  const front = createHttpFront({
    bot,
    db,
    config,
    logger,
    now,
    allowedUpdates: ALLOWED_UPDATES,
    port: options.httpPort,
    unreachableSince: () => delivery.dispatcher.reach.since,
  });
  front.heartbeats.watch(
    "dispatcher",
    () => delivery.dispatcher.lastActivityAt || undefined,
    () => delivery.dispatcher.isRunning,
  );
  // The digest clock, progress messages and retention: unhealthy while their last run failed.
  for (const [name, loop] of Object.entries(delivery.loops()))
    front.heartbeats.watch(
      name,
      () => loop.lastRunAt,
      () => !loop.failing,
    );

  let runner: RunnerHandle | undefined;
  return {
    bot,
    db,
    library,
    relay,
    front,
    delivery,
    autoDelete,
    async start(): Promise<void> {
      await front.listen();
      await bot.init();
      delivery.start();
      autoDelete.start();
      if (front.mode === "webhook") {
        await front.setWebhook();
        logger.info(
          { sections: library.sectionCount, editions: library.article.available },
          "webhook started",
        );
      } else {
        await front.clearWebhook();
        runner = run(bot, {
          runner: {
            silent: true,
            fetch: { allowed_updates: [...ALLOWED_UPDATES], timeout: 30 },
            // Linear backoff (the default doubles without a cap: after a 10-minute outage the next poll
            // could come minutes after Telegram is back); replies resume within seconds of it.
            retryInterval: "quadratic",
          },
        });
        // The runner rethrows what it cannot retry; unawaited, that would crash past the logger.
        runner.task()?.catch((err: unknown) => {
          logger.fatal({ err }, "polling stopped");
          options.onFatal?.();
        });
        logger.info(
          { sections: library.sectionCount, editions: library.article.available },
          "polling started",
        );
      }
      void syncMenus(
        bot.api,
        desiredMenus(relay.commands, relay.operatorCommands, config.operatorIds),
        translator,
        logger,
      );
    },
    async stop(): Promise<void> {
      if (runner?.isRunning()) await runner.stop();
      // The flood's last "slow down" answers: each press is owed one, but a stop waits at most 2 s for them.
      await Promise.race([relay.slowLane.idle(), new Promise((r) => setTimeout(r, 2_000).unref())]);
      await delivery.stop();
      await autoDelete.stop();
      await front.close();
      if (db.open) db.close();
      lock.release();
      logger.info("stopped");
    },
  };
}

export type App = ReturnType<typeof createApp>;
