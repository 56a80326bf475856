import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { run, type RunnerHandle } from "@grammyjs/runner";
import type { UserFromGetMe } from "grammy/types";
import type { Config } from "./config.js";
import { createLibrary, type Library } from "./core/article/library.js";
import { loadArticle } from "./core/article/load.js";
import { createBot } from "./bot/create-bot.js";
import { createTranslator } from "./bot/i18n.js";
import { desiredMenus, syncMenus } from "./bot/menus.js";
import { createIdentity } from "./db/identity.js";
import { openDatabase } from "./db/open.js";
import { preferences } from "./db/preferences.js";
import type { Logger } from "./logger.js";

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
  /** Called when Telegram says another instance is polling (409): the process should stop. */
  onConflict?: () => void;
}

/** Builds everything from configuration: article, database, bot. Nothing runs until start(). */
export function createApp(options: AppOptions) {
  const { config, logger } = options;
  const now = options.now ?? (() => Date.now() + config.clockOffsetMs);
  const library: Library = createLibrary(loadArticle(options.dataDir ?? join(ROOT, "data")));
  const translator = createTranslator(options.localesDir ?? join(ROOT, "locales"));
  const db = openDatabase(config.databasePath);
  const ids = createIdentity(config.dataKey);
  const prefs = preferences(db, ids);

  const relay = createBot({
    token: config.token,
    apiRoot: config.apiRoot,
    library,
    db,
    ids,
    prefs,
    translator,
    defaultLanguage: config.defaultLanguage,
    operatorIds: config.operatorIds,
    logger,
    now,
    botInfo: options.botInfo,
  });
  const { bot } = relay;

  // A 409 means another instance is polling with this token: stop rather than fight over updates.
  bot.api.config.use(async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (method === "getUpdates" && !res.ok && res.error_code === 409) options.onConflict?.();
    return res;
  });

  let runner: RunnerHandle | undefined;
  return {
    bot,
    db,
    library,
    relay,
    async start(): Promise<void> {
      await bot.init();
      runner = run(bot, {
        runner: { silent: true, fetch: { allowed_updates: [...ALLOWED_UPDATES], timeout: 30 } },
      });
      logger.info({ sections: library.sectionCount, editions: library.article.available }, "polling started");
      void syncMenus(
        bot.api,
        desiredMenus(relay.commands, relay.operatorCommands, config.operatorIds),
        translator,
        logger,
      );
    },
    async stop(): Promise<void> {
      if (runner?.isRunning()) await runner.stop();
      if (db.open) db.close();
      logger.info("stopped");
    },
  };
}

export type App = ReturnType<typeof createApp>;
