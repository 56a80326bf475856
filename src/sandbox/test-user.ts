/** A Telegram user talking to the bot in a private chat: the test driver's main actor. */
import type { Chat, Message, MessageEntity, MessageOrigin, User } from "grammy/types";
import { botReplies, findButton, nextBotMessage, postAsUser, textFields } from "./actor-common.js";
import type { EmulatorCore } from "./core.js";
import { type InlineAnswer, type InlineResult, runInlineQuery, sendInlineResult } from "./inline-actions.js";
import type { ChatRecord, UserRecord } from "./store.js";
import type { SentMessage } from "./types.js";

export interface CallbackAnswer {
  callback_query_id: string;
  text?: string;
  show_alert?: boolean;
  url?: string;
  cache_time?: number;
}

export interface PressResult {
  callbackQueryId: string;
  /** The bot's answerCallbackQuery parameters, or undefined if it did not answer in time. */
  answer?: CallbackAnswer;
}

/** What a forward carries; a Message returned by channel.post() or user.send() fits. */
export interface ForwardContent {
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  photo?: unknown;
}

export type ForwardOrigin =
  | { type: "channel"; chat: Chat; message_id: number; author_signature?: string; date?: number }
  | { type: "user"; sender_user: User; date?: number }
  | { type: "hidden_user"; sender_user_name: string; date?: number }
  | { type: "chat"; sender_chat: Chat; date?: number };

export class TestUser {
  constructor(
    private readonly core: EmulatorCore,
    private readonly record: UserRecord,
    private readonly idle: (timeoutMs?: number) => Promise<void>,
  ) {}

  get id(): number {
    return this.record.user.id;
  }

  get user(): User {
    return this.record.user;
  }

  /** The private chat between this user and the bot (its id is the user's id). */
  get chat(): Chat {
    return this.chatRecord.chat;
  }

  private get chatRecord(): ChatRecord {
    const chat = this.core.store.chats.get(this.id);
    if (!chat) throw new Error(`no private chat for user ${this.id}`);
    return chat;
  }

  /** Sends a text message; commands get Telegram's bot_command entity. Returns the user's Message. */
  send(text: string, extra: { reply_to_message_id?: number; entities?: MessageEntity[] } = {}): Message {
    const fields: Record<string, unknown> = { from: this.user, ...textFields(text, extra.entities) };
    if (extra.reply_to_message_id !== undefined)
      fields.reply_to_message = this.replyTarget(extra.reply_to_message_id);
    return this.post(fields);
  }

  /** Sends a photo (a made-up file_id unless given) with an optional caption. */
  sendPhoto(options: { caption?: string; file_id?: string } = {}): Message {
    const fileId = options.file_id ?? `SANDBOX-user-photo-${Date.now().toString(36)}`;
    const photo = [{ file_id: fileId, file_unique_id: `u${fileId.slice(-10)}`, width: 800, height: 600 }];
    return this.post({ from: this.user, photo, ...(options.caption ? { caption: options.caption } : {}) });
  }

  /** Forwards content from elsewhere: the bot receives a message with `forward_origin`. */
  forward(content: ForwardContent, origin: ForwardOrigin): Message {
    const forward_origin = { ...origin, date: origin.date ?? this.core.nowSeconds() } as MessageOrigin;
    const fields: Record<string, unknown> = { from: this.user, forward_origin };
    for (const key of ["text", "entities", "caption", "photo"] as const)
      if (content[key] !== undefined) fields[key] = structuredClone(content[key]);
    return this.post(fields);
  }

  /** Edits one of the user's messages: the bot receives `edited_message`. */
  edit(messageId: number, newText: string): Message {
    const stored = this.chatRecord.messages.get(messageId);
    if (!stored || stored.byBot) throw new Error(`user ${this.id} has no message ${messageId}`);
    Object.assign(stored.message, textFields(newText), { edit_date: this.core.nowSeconds() });
    if (!textFields(newText).entities) delete stored.message.entities;
    this.core.enqueue({ edited_message: structuredClone(stored.message) });
    return structuredClone(stored.message) as unknown as Message;
  }

  /** Presses an inline button of a bot message and waits for the bot's answerCallbackQuery. */
  async press(
    target: number | { message_id: number; chat_id: number } | { message_id: number; chat: { id: number } },
    button: string | { row: number; col: number },
    options: { timeoutMs?: number } = {},
  ): Promise<PressResult> {
    const chatId =
      typeof target === "number" ? this.id : "chat_id" in target ? target.chat_id : target.chat.id;
    const messageId = typeof target === "number" ? target : target.message_id;
    const stored = this.core.store.message(chatId, messageId);
    if (!stored || stored.deleted) throw new Error(`no message ${messageId} in chat ${chatId}`);
    const found = findButton(stored.message.reply_markup, button);
    if (!found) throw new Error(`message ${messageId} has no button ${JSON.stringify(button)}`);
    if (!("callback_data" in found))
      throw new Error(`button "${found.text}" has no callback_data: ${JSON.stringify(found)}`);
    const id = this.core.queries.open("callback");
    const query: Record<string, unknown> = {
      id,
      from: this.user,
      chat_instance: `-${Math.abs(chatId) % 1_000_000_007}${this.core.bot.id % 1000}`,
      data: found.callback_data,
    };
    if (stored.inlineMessageId) query.inline_message_id = stored.inlineMessageId;
    else query.message = structuredClone(stored.message);
    this.record.lastMessageAt = this.core.now();
    this.core.enqueue({ callback_query: query });
    const answer = await this.core.queries.waitFor(id, options.timeoutMs ?? 2000);
    return { callbackQueryId: id, answer: answer as CallbackAnswer | undefined };
  }

  /** Types `@bot query`: resolves with the bot's answerInlineQuery, throws if it does not answer in time. */
  inline(query: string, options: { offset?: string; timeoutMs?: number } = {}): Promise<InlineAnswer> {
    return runInlineQuery(this.core, this.user, query, options);
  }

  /** Sends one inline result into this chat, as tapping it would ("via @bot"). */
  chooseInlineResult(result: InlineResult, query = ""): Message {
    this.record.lastMessageAt = this.core.now();
    return sendInlineResult(this.core, this.chatRecord, this.user, result, query);
  }

  /** Blocks the bot: sends now fail with 403 and the bot gets my_chat_member "kicked". */
  block(): void {
    this.setBlocked(true);
  }

  unblock(): void {
    this.setBlocked(false);
  }

  /** Deletes the account: sends fail with 403 "user is deactivated". */
  deactivate(): void {
    this.record.deactivated = true;
  }

  /** The bot's messages in this chat, current state, optionally only after a message id. */
  replies(options: { after?: number } = {}): SentMessage[] {
    return botReplies(this.core, this.id, options.after);
  }

  get lastReply(): SentMessage | undefined {
    return this.replies().at(-1);
  }

  /** Resolves with the next message the bot sends or edits in this chat after the call. */
  nextReply(timeoutMs = 2000): Promise<SentMessage> {
    return nextBotMessage(this.core, () => this.id, timeoutMs);
  }

  waitForIdle(timeoutMs?: number): Promise<void> {
    return this.idle(timeoutMs);
  }

  private post(fields: Record<string, unknown>): Message {
    if (this.record.blocked) this.setBlocked(false); // writing to a blocked bot restarts it, as in Telegram
    this.record.lastMessageAt = this.core.now();
    this.record.started = true;
    return postAsUser(this.core, this.chatRecord, fields);
  }

  private replyTarget(messageId: number): unknown {
    const target = this.chatRecord.messages.get(messageId);
    if (!target) throw new Error(`no message ${messageId} to reply to`);
    const copy = structuredClone(target.message);
    delete copy.reply_to_message;
    return copy;
  }

  private setBlocked(blocked: boolean): void {
    if (this.record.blocked === blocked) return;
    this.record.blocked = blocked;
    const bot = this.core.bot;
    const kicked = { status: "kicked", user: bot, until_date: 0 };
    const member = { status: "member", user: bot };
    this.core.enqueue({
      my_chat_member: {
        chat: this.chat,
        from: this.user,
        date: this.core.nowSeconds(),
        old_chat_member: blocked ? member : kicked,
        new_chat_member: blocked ? kicked : member,
      },
    });
  }
}
