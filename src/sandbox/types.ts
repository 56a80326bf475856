/** Public shapes of the Bot API emulator: options, call records, sent-message snapshots. */
import type { InlineKeyboardMarkup, Message, MessageEntity, ResponseParameters, Update } from "grammy/types";

/** Parameters of one Bot API call after body parsing (JSON-encoded fields already decoded). */
export type Params = Record<string, unknown>;

/** The `{ok:false}` half of Telegram's envelope. */
export interface ApiErrorBody {
  error_code: number;
  description: string;
  parameters?: ResponseParameters;
}

/** Why the limiter refused a send; passed to a `retryAfter` function. */
export interface RateLimitExcess {
  scope: "global" | "chat" | "group" | "paid";
  chatId?: number;
  /** The cap that was hit, in sends per window. */
  limit: number;
  windowMs: number;
  /** Milliseconds until one more send would fit in the window. */
  waitMs: number;
}

export interface RateLimitOptions {
  /** Sends per second across all chats (Telegram: "30 messages per second or so"). */
  global?: number;
  /** Sends per second to one private chat or channel (Telegram: one per second). */
  perChat?: number;
  /** Sends per minute to one group or supergroup (Telegram: 20). */
  perGroupPerMinute?: number;
  /** Cap for sends with allow_paid_broadcast, per second (Telegram: 1000). */
  paidGlobal?: number;
  /** Fixed retry_after, or a function of the excess; default: seconds until the window has room. */
  retryAfter?: number | ((excess: RateLimitExcess) => number);
  /** Replies to a user who wrote within `replyWindowMs` skip the global cap. Default false. */
  exemptReplies?: boolean;
  /** Default 3000 ms. */
  replyWindowMs?: number;
}

export interface BotIdentity {
  first_name?: string;
  username?: string;
  can_join_groups?: boolean;
  can_read_all_group_messages?: boolean;
  supports_inline_queries?: boolean;
}

export interface EmulatorOptions {
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** Default "123456789:SANDBOX-local-emulator-token". */
  token?: string;
  bot?: BotIdentity;
  /** Milliseconds since the epoch; default Date.now. Dates, 48-hour rules, query expiry and the limiter use it. */
  clock?: () => number;
  /** Off unless given. */
  rateLimit?: RateLimitOptions;
  /** Emulated ms after which a callback or inline query can no longer be answered; default 15000. */
  queryTimeoutMs?: number;
  /** How many call records `calls` keeps (oldest dropped first); default 100000. Counters count everything. */
  maxCallRecords?: number;
}

/** One Bot API call as the emulator saw it. */
export interface CallRecord {
  method: string;
  params: Params;
  /** Emulated clock, ms. */
  at: number;
  ok: boolean;
  result?: unknown;
  error?: ApiErrorBody;
  /**
   * Set when a configured fault decided the answer: "fail" | "5xx" | "hang" | "reset". A hang or reset before
   * the method ran is recorded with error_code 0 (the client got no HTTP answer at all).
   */
  fault?: string;
  /** "webhook-reply" when the call came back in a webhook response body. */
  via?: "http" | "webhook-reply" | "in-process";
}

/** An earlier state of a message, kept when it is edited. */
export interface MessageVersion {
  at: number;
  text?: string;
  caption?: string;
  entities?: MessageEntity[];
  reply_markup?: InlineKeyboardMarkup;
}

/** A message the bot sent, as it is now (after edits and deletes). */
export interface SentMessage {
  message_id: number;
  chat_id: number;
  /** Unix seconds. */
  date: number;
  text?: string;
  caption?: string;
  /** `entities` for text, `caption_entities` for media. */
  entities?: MessageEntity[];
  reply_markup?: InlineKeyboardMarkup;
  edited: boolean;
  deleted: boolean;
  /** Earlier versions, oldest first. */
  history: MessageVersion[];
  /** The method that created it (sendMessage, sendPhoto, copyMessage…). */
  method: string;
  params: Params;
  /** Telegram's Message object as the bot would receive it. */
  message: Message;
}

export interface MessageEvent {
  kind: "sent" | "edited" | "deleted";
  message: SentMessage;
}

export interface QueryAnswerEvent {
  id: string;
  params: Params;
}

/** Typed events of BotApiEmulator. */
export interface EmulatorEvents {
  call: [CallRecord];
  update: [Update];
  message: [MessageEvent];
  callbackAnswer: [QueryAnswerEvent];
  inlineAnswer: [QueryAnswerEvent];
}

export interface EmulatorStats {
  calls: number;
  byMethod: Record<string, number>;
  errors: Record<string, number>;
  rateLimited: number;
  updatesEnqueued: number;
  updatesDelivered: number;
  pendingUpdates: number;
  messagesSent: number;
  messagesEdited: number;
  messagesDeleted: number;
}
