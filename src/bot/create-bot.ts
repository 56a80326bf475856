import type { Agent } from "node:http";
import { autoRetry } from "@grammyjs/auto-retry";
import { CommandGroup } from "@grammyjs/commands";
import { Bot, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Library } from "../core/article/library.js";
import type { Lang } from "../core/article/model.js";
import type { Locator } from "../core/search/locate.js";
import type { QuestionMatcher } from "../core/search/questions.js";
import type { SearchIndex } from "../core/search/terms.js";
import type { PersonalDataStore } from "../db/personal-data.js";
import type { Preferences } from "../db/preferences.js";
import type { Publication } from "../delivery/publication-jobs.js";
import type { Logger } from "../logger.js";
import { throughAgent } from "../telegram-proxy.js";
import { DOWNLOAD_DEEP_LINK } from "./callback-data/download-data.js";
import { answerEveryCallback } from "./callback-guard.js";
import type { RelayContext } from "./context.js";
import type { Feature } from "./feature.js";
import { ask } from "./features/ask/index.js";
import { type AutoDeleteStore, autoDelete } from "./features/auto-delete/index.js";
import { type DownloadDeps, download } from "./features/download/index.js";
import { fallback } from "./features/fallback/index.js";
import { forget } from "./features/forget/index.js";
import { help } from "./features/help/index.js";
import { inline } from "./features/inline/index.js";
import { language } from "./features/language/index.js";
import { mydata } from "./features/mydata/index.js";
import { notes } from "./features/notes/index.js";
import { type OperatorRepositories, operators } from "./features/operators/index.js";
import { type PrivacyFacts, privacy } from "./features/privacy/index.js";
import { reading } from "./features/reading/index.js";
import { search } from "./features/search/index.js";
import { start } from "./features/start/index.js";
import { type SubscriptionDeps, subscriptions } from "./features/subscriptions/index.js";
import { wipe } from "./features/wipe/index.js";
import { type ChatQueueOptions, chatQueue } from "./guards/chat-queue.js";
import { inputBounds } from "./guards/input-bounds.js";
import { type RateLimitOptions, rateLimitSenders } from "./guards/rate-limit.js";
import { SlowLane, type SlowLaneOptions } from "./guards/slow-lane.js";
import { i18nMiddleware, languageOf, type Translator } from "./i18n.js";
import { type OfflineEditions, offlineEditions } from "./offline-editions/editions.js";
import { readingViews } from "./render/reading-views.js";

/** The repositories the bot's features use, each narrowed by its feature; built once in src/app.ts. */
export interface BotRepositories extends OperatorRepositories {
  prefs: Pick<Preferences, "language" | "setLanguage" | "forget">;
  subs: OperatorRepositories["subs"] & SubscriptionDeps["subs"];
  personal: Pick<PersonalDataStore, "of" | "forget">;
  autoDeletions: AutoDeleteStore;
  editionFiles: DownloadDeps["fileIds"];
}

export interface BotDeps extends BotRepositories {
  token: string;
  apiRoot: string;
  /** TELEGRAM_PROXY's agent: every call of bot.api, and of the conversations' Api built from it. */
  agent?: Agent;
  library: Library;
  translator: Translator;
  defaultLanguage: Lang;
  operatorIds: number[];
  logger: Logger;
  now: () => number;
  /** Skips getMe at init (tests and the sandbox know the bot already). */
  botInfo?: UserFromGetMe;
  searchIndex: SearchIndex;
  /** The footnote questions and pasted-passage indexes, built once in src/app.ts like searchIndex. */
  questions: Pick<QuestionMatcher, "answer">;
  locator: Locator;
  /** Per-sender limits for messages, presses and inline queries; defaults in guards/rate-limit.ts. */
  rateLimit?: RateLimitOptions;
  /** How the answers owed to a flood wait for the readers' updates; defaults in guards/slow-lane.ts. */
  slowLane?: SlowLaneOptions;
  /** Per-chat queue bounds; defaults in guards/chat-queue.ts. */
  chatQueue?: ChatQueueOptions;
  /** The delivery engine, woken when operators enqueue something. */
  delivery?: { kick(): void };
  /** CHANNEL_ID and CHANNEL_LANGUAGE, when set; /publish posts `publication` there. */
  channel?: { chatId: number | string; lang: Lang };
  publication?: Publication;
  /** AUDIT_KEY_HOURS and BACKUP_KEEP, as /privacy and /mydata state them. */
  privacyFacts?: PrivacyFacts;
  /** The offline files /download sends; built from `library` on first use when not given. */
  editions?: OfflineEditions;
  /** /wipe's work: every row, the WAL, local backups, the webhook, then the process (app.ts). */
  wipe?: () => Promise<void>;
  /** The token's one send budget (src/delivery/send-budget.ts): every counted call waits for its slot. */
  sendBudget?: Transformer;
}

/** Composition of the bot: middleware order matters and is documented in STYLE.md. */
export function createBot(deps: BotDeps) {
  const bot = new Bot<RelayContext>(deps.token, {
    client: { apiRoot: deps.apiRoot, ...throughAgent(deps.agent) },
    botInfo: deps.botInfo,
  });
  // Innermost: each attempt, retries included, takes its own slot of the token's budget.
  if (deps.sendBudget) bot.api.config.use(deps.sendBudget);
  bot.api.config.use(notModifiedIsSuccess);
  // Replies only: bounded; the chat queue also gives up a turn held past its limit (guards/chat-queue.ts).
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 10, rethrowHttpErrors: true }));

  // One error boundary around all middleware, for polling and webhook alike: nothing escapes handleUpdate.
  const guarded = bot.errorBoundary(({ error, ctx }) => {
    deps.logger.error(
      { err: error, update_kind: Object.keys(ctx.update).find((k) => k !== "update_id") },
      "handler failed",
    );
  });

  const i18n = i18nMiddleware(deps.translator, deps.prefs, deps.defaultLanguage);
  // First of all: a flood of any kind is turned away for the cost of a counter, before i18n or any
  // queue, and its answers wait in a low-priority lane (guards/rate-limit.ts, guards/slow-lane.ts); each
  // chat's queue is bounded in length and in the time one update may hold it (guards/chat-queue.ts).
  const slowLane = new SlowLane(deps.logger, deps.slowLane);
  guarded.use(
    rateLimitSenders(
      {
        translator: deps.translator,
        languageOf: languageOf(deps.prefs, deps.defaultLanguage),
        lane: slowLane,
      },
      deps.rateLimit,
    ),
  );
  guarded.use(chatQueue(i18n, deps.logger, deps.chatQueue));
  guarded.use(i18n);
  guarded.use(answerEveryCallback(deps.logger));
  guarded.use(inputBounds());
  // Auto-delete: what a reader sends and what Relay sends them, recorded while they have it on.
  const deletions = autoDelete(deps.autoDeletions, deps.translator, deps.now, deps.logger);
  guarded.use(deletions.recordIncoming);
  bot.api.config.use(deletions.recordSent);

  const { library, translator } = deps;
  const ops = operators({
    updates: deps.updates,
    subs: deps.subs,
    audit: deps.audit,
    outbox: deps.outbox,
    conversations: deps.conversations,
    translator,
    operatorIds: deps.operatorIds,
    now: deps.now,
    i18n,
    // The one place conversations get bot.api's transformers: whatever is installed on bot.api applies there too.
    apiTransformers: () => bot.api.config.installedTransformers(),
    kick: () => deps.delivery?.kick(),
    channel: deps.channel,
    publication: deps.publication,
  });
  // Operator features sit behind one filter: a non-operator falls through to the readers' features and
  // the fallback, exactly as for any unknown command or stray button. Conversations come before every
  // feature (STYLE.md, wiring order): an operator's draft messages belong to the conversation.
  guarded.filter(ops.isOperator).use(ops.conversations);
  const offline = download({
    editions: deps.editions ?? offlineEditions(library, translator, () => bot.botInfo.username),
    fileIds: deps.editionFiles,
    editionTitle: (lang) => library.edition(lang).edition.title,
    translator,
  });
  const { personal } = deps;
  // Pages, contents and footnotes: rendered once per (language, place), served as the same objects.
  const views = readingViews(library, translator);
  const features: Feature[] = [
    start(library, translator, views, { [DOWNLOAD_DEEP_LINK]: (ctx) => offline.send(ctx) }),
    reading(library, translator, views),
    notes(library, translator, views),
    language(translator, deps.subs),
    privacy(translator, deps.privacyFacts),
    mydata(personal, translator, deps.now, deps.privacyFacts?.auditKeyHours),
    forget(personal, translator, deps.now, deps.logger),
    deletions.feature,
    search(library, deps.searchIndex, translator),
    offline,
    inline(library, deps.searchIndex),
    subscriptions({
      subs: deps.subs,
      translator,
      forgetLanguage: (id) => deps.prefs.forget(id),
    }),
    ...(deps.wipe ? [wipe(translator, deps.wipe)] : []),
    help(
      translator,
      () => commands.commands,
      () => operatorCommands.commands,
      ops.isOperator,
    ),
    // Last among features: any other private text is a passage to locate or a question.
    ask(library, deps.searchIndex, deps.questions, deps.locator, views),
  ];

  const commands = new CommandGroup<RelayContext>();
  for (const f of features) for (const c of f.commands ?? []) commands.add(c);
  // Operator commands: in operators' own menus only (bot/menus.ts), behind the operator filter.
  const operatorCommands = new CommandGroup<RelayContext>();
  for (const f of [ops, ...features]) for (const c of f.operatorCommands ?? []) operatorCommands.add(c);
  guarded.use(commands);
  guarded.filter(ops.isOperator).use(operatorCommands, ops.composer);
  for (const f of features) guarded.use(f.composer);
  guarded.use(fallback().composer);

  return { bot, commands, operatorCommands, slowLane };
}

export type RelayBot = ReturnType<typeof createBot>;

/** A double tap edits a message to what it already says: Telegram calls that an error, the reader does not. */
const notModifiedIsSuccess: Transformer = async (prev, method, payload, signal) => {
  const res = await prev(method, payload, signal);
  if (!res.ok && res.error_code === 400 && /message is not modified/i.test(res.description))
    return { ok: true, result: true as never };
  return res;
};
