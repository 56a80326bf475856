import { autoRetry } from "@grammyjs/auto-retry";
import { CommandGroup } from "@grammyjs/commands";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Library } from "../core/article/library.js";
import type { Lang } from "../core/article/model.js";
import type { SearchIndex } from "../core/search/terms.js";
import type { Identity } from "../db/identity.js";
import type { Db } from "../db/open.js";
import { personalData } from "../db/personal-data.js";
import type { Preferences } from "../db/preferences.js";
import { subscribers } from "../db/subscribers.js";
import type { Publication } from "../delivery/jobs.js";
import type { Logger } from "../logger.js";
import { answerEveryCallback } from "./callback-guard.js";
import type { RelayContext } from "./context.js";
import type { Feature } from "./feature.js";
import { ask } from "./features/ask/index.js";
import { fallback } from "./features/fallback/index.js";
import { forget } from "./features/forget/index.js";
import { help } from "./features/help/index.js";
import { inline } from "./features/inline/index.js";
import { language } from "./features/language/index.js";
import { mydata } from "./features/mydata/index.js";
import { notes } from "./features/notes/index.js";
import { operators } from "./features/operators/index.js";
import { privacy } from "./features/privacy/index.js";
import { reading } from "./features/reading/index.js";
import { search } from "./features/search/index.js";
import { start } from "./features/start/index.js";
import { subscriptions } from "./features/subscriptions/index.js";
import { inputBounds } from "./guards/input-bounds.js";
import { type RateLimitOptions, rateLimitMessages } from "./guards/rate-limit.js";
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
  searchIndex: SearchIndex;
  /** Per-sender message flood limit; defaults in guards/rate-limit.ts. */
  rateLimit?: RateLimitOptions;
  /** The delivery engine, woken when operators enqueue something. */
  delivery?: { kick(): void };
  /** CHANNEL_ID and CHANNEL_LANGUAGE, when set; /publish posts `publication` there. */
  channel?: { chatId: number | string; lang: Lang };
  publication?: Publication;
  /** The token's one send budget (src/delivery/send-budget.ts): every counted call waits for its slot. */
  sendBudget?: Transformer;
}

/** Composition of the bot: middleware order matters and is documented in STYLE.md. */
export function createBot(deps: BotDeps) {
  const bot = new Bot<RelayContext>(deps.token, {
    client: { apiRoot: deps.apiRoot },
    botInfo: deps.botInfo,
  });
  // Innermost: each attempt, retries included, takes its own slot of the token's budget.
  if (deps.sendBudget) bot.api.config.use(deps.sendBudget);
  bot.api.config.use(notModifiedIsSuccess);
  // Replies only: bounded, so a failing chat never holds its sequentialize lock for long.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 10, rethrowHttpErrors: true }));

  bot.catch(({ error, ctx }) => {
    deps.logger.error(
      { err: error, update_kind: Object.keys(ctx.update).find((k) => k !== "update_id") },
      "handler failed",
    );
  });

  const i18n = i18nMiddleware(deps.translator, deps.prefs, deps.defaultLanguage);
  // A flood is dropped before it can hold any chat's queue (guards/rate-limit.ts).
  bot.use(rateLimitMessages(i18n, deps.rateLimit));
  bot.use(sequentialize((ctx: RelayContext) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  bot.use(i18n);
  bot.use(answerEveryCallback(deps.logger));
  bot.use(inputBounds());

  const { library, translator } = deps;
  const ops = operators({
    db: deps.db,
    ids: deps.ids,
    translator,
    operatorIds: deps.operatorIds,
    now: deps.now,
    i18n,
    kick: () => deps.delivery?.kick(),
    channel: deps.channel,
    publication: deps.publication,
  });
  // Before every feature: an operator's draft messages belong to the conversation (STYLE.md, wiring order).
  bot.use(ops.conversations);
  const personal = personalData(deps.db, deps.ids, deps.prefs, subscribers(deps.db, deps.ids, deps.now));
  const features: Feature[] = [
    start(library, translator),
    reading(library, translator),
    notes(library, translator),
    language(translator),
    privacy(translator),
    mydata(personal, translator, deps.now),
    forget(personal, translator, deps.now, deps.logger),
    search(library, deps.searchIndex, translator),
    inline(library, deps.searchIndex),
    subscriptions({ db: deps.db, ids: deps.ids, translator, now: deps.now }),
    ops,
    help(translator, () => commands.commands),
    // Last among features: any other private text is a passage to locate or a question.
    ask(library, deps.searchIndex),
  ];

  const commands = new CommandGroup<RelayContext>();
  for (const f of features) for (const c of f.commands ?? []) commands.add(c);
  // Operator commands: in operators' own menus only; each handler checks the sender (features/operators/access.ts).
  const operatorCommands = new CommandGroup<RelayContext>();
  for (const f of features) for (const c of f.operatorCommands ?? []) operatorCommands.add(c);
  bot.use(commands);
  bot.use(operatorCommands);
  for (const f of features) bot.use(f.composer);
  bot.use(fallback().composer);

  return { bot, commands, operatorCommands };
}

export type RelayBot = ReturnType<typeof createBot>;

/** A double tap edits a message to what it already says: Telegram calls that an error, the reader does not. */
const notModifiedIsSuccess: Transformer = async (prev, method, payload, signal) => {
  const res = await prev(method, payload, signal);
  if (!res.ok && res.error_code === 400 && /message is not modified/i.test(res.description))
    return { ok: true, result: true as never };
  return res;
};
