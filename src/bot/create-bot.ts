import { autoRetry } from "@grammyjs/auto-retry";
import { CommandGroup } from "@grammyjs/commands";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Library } from "../core/article/library.js";
import type { Lang } from "../core/article/model.js";
import type { Identity } from "../db/identity.js";
import type { Db } from "../db/open.js";
import type { Preferences } from "../db/preferences.js";
import type { Logger } from "../logger.js";
import { answerEveryCallback } from "./callback-guard.js";
import type { RelayContext } from "./context.js";
import type { Feature } from "./feature.js";
import { fallback } from "./features/fallback/index.js";
import { help } from "./features/help/index.js";
import { language } from "./features/language/index.js";
import { notes } from "./features/notes/index.js";
import { privacy } from "./features/privacy/index.js";
import { reading } from "./features/reading/index.js";
import { start } from "./features/start/index.js";
import { i18nMiddleware, type Translator } from "./i18n.js";

export interface BotDeps {
  token: string;
  apiRoot: string;
  library: Library;
  db: Db;
  ids: Identity;
  prefs: Preferences;
  translator: Translator;
  defaultLanguage: Lang;
  operatorIds: number[];
  logger: Logger;
  now: () => number;
  /** Skips getMe at init (tests and the sandbox know the bot already). */
  botInfo?: UserFromGetMe;
}

/** Composition of the bot: middleware order matters and is documented in STYLE.md. */
export function createBot(deps: BotDeps) {
  const bot = new Bot<RelayContext>(deps.token, {
    client: { apiRoot: deps.apiRoot },
    botInfo: deps.botInfo,
  });
  bot.api.config.use(notModifiedIsSuccess);
  // Replies only: bounded, so a failing chat never holds its sequentialize lock for long.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 10, rethrowHttpErrors: true }));

  bot.catch(({ error, ctx }) => {
    deps.logger.error(
      { err: error, update_kind: Object.keys(ctx.update).find((k) => k !== "update_id") },
      "handler failed",
    );
  });

  bot.use(sequentialize((ctx: RelayContext) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  bot.use(i18nMiddleware(deps.translator, deps.prefs, deps.defaultLanguage));
  bot.use(answerEveryCallback(deps.logger));

  const { library, translator } = deps;
  const features: Feature[] = [
    start(library, translator),
    reading(library, translator),
    notes(library, translator),
    language(translator),
    privacy(translator),
    help(translator, () => commands.commands),
  ];

  const commands = new CommandGroup<RelayContext>();
  for (const f of features) for (const c of f.commands ?? []) commands.add(c);
  bot.use(commands);
  for (const f of features) bot.use(f.composer);
  bot.use(fallback().composer);

  return { bot, commands, operatorCommands: new CommandGroup<RelayContext>() };
}

export type RelayBot = ReturnType<typeof createBot>;

/** A double tap edits a message to what it already says: Telegram calls that an error, the reader does not. */
const notModifiedIsSuccess: Transformer = async (prev, method, payload, signal) => {
  const res = await prev(method, payload, signal);
  if (!res.ok && res.error_code === 400 && /message is not modified/i.test(res.description))
    return { ok: true, result: true as never };
  return res;
};
