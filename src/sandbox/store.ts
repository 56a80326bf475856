/** The emulated world: users, chats, and every message in them, with per-chat message ids. */
import type { Chat, InlineKeyboardMarkup, Message, MessageEntity, User } from "grammy/types";
import type { ChatKind } from "./rate-limiter.js";
import type { MessageVersion, Params, SentMessage } from "./types.js";

/** A Message-shaped record the emulator mutates on edits; cast to Message at the boundary. */
export type Msg = Record<string, unknown> & {
  message_id: number;
  date: number;
  chat: Chat;
  from?: User;
  text?: string;
  caption?: string;
  entities?: MessageEntity[];
  caption_entities?: MessageEntity[];
  reply_markup?: InlineKeyboardMarkup;
  edit_date?: number;
};

export interface StoredMessage {
  chatId: number;
  message: Msg;
  byBot: boolean;
  /** Emulated ms. */
  sentAt: number;
  deleted: boolean;
  edits: MessageVersion[];
  method: string;
  params: Params;
  inlineMessageId?: string;
}

export type BotStatus = "creator" | "administrator" | "member" | "left" | "kicked";

export interface ChatRecord {
  id: number;
  kind: ChatKind;
  chat: Chat;
  userId?: number;
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
  botStatus: BotStatus;
  migratedTo?: number;
  creatorId?: number;
  admins: Set<number>;
  members: Set<number>;
  pinned: number[];
  lastChatAction?: string;
}

export interface UserRecord {
  user: User;
  blocked: boolean;
  deactivated: boolean;
  /** False until the user has a private chat with the bot (then the bot may write first). */
  started: boolean;
  lastMessageAt?: number;
}

export class Store {
  readonly users = new Map<number, UserRecord>();
  readonly chats = new Map<number, ChatRecord>();
  readonly inlineMessages = new Map<string, StoredMessage>();
  private nextUserId = 1_000_000_001;
  private nextChatSeq = 1;

  constructor(private readonly now: () => number) {}

  /** Creates a user and their private chat with the bot. */
  addUser(fields: Partial<User> & { started?: boolean }): UserRecord {
    const { started = true, ...rest } = fields;
    while (this.users.has(this.nextUserId)) this.nextUserId++;
    const id = rest.id ?? this.nextUserId++;
    if (this.users.has(id)) throw new Error(`user ${id} already exists`);
    const user: User = { id, is_bot: false, first_name: rest.first_name ?? `User ${id % 10_000}`, ...rest };
    const record: UserRecord = { user, blocked: false, deactivated: false, started };
    this.users.set(id, record);
    const chat = { id, type: "private", first_name: user.first_name } as Chat;
    if (user.last_name) Object.assign(chat, { last_name: user.last_name });
    if (user.username) Object.assign(chat, { username: user.username });
    this.chats.set(id, this.chatRecord(id, "private", chat, { userId: id }));
    return record;
  }

  /** Creates a group, supergroup or channel; ids follow Telegram's shapes (-100… for supergroups and channels). */
  addChat(
    kind: Exclude<ChatKind, "private">,
    fields: { id?: number; title?: string; username?: string },
  ): ChatRecord {
    const seq = this.nextChatSeq++;
    const base =
      kind === "group" ? 4_000_000_000 : kind === "supergroup" ? 1_001_000_000_000 : 1_002_000_000_000;
    const id = fields.id ?? -(base + seq);
    if (this.chats.has(id)) throw new Error(`chat ${id} already exists`);
    const chat = { id, type: kind, title: fields.title ?? `${kind} ${seq}` } as Chat;
    if (fields.username) Object.assign(chat, { username: fields.username });
    const record = this.chatRecord(id, kind, chat, {
      botStatus: kind === "channel" ? "administrator" : "member",
    });
    this.chats.set(id, record);
    return record;
  }

  /** Finds a chat by id or "@username". */
  findChat(ref: number | string): ChatRecord | undefined {
    if (typeof ref === "number") return this.chats.get(ref);
    const name = ref.replace(/^@/, "").toLowerCase();
    for (const c of this.chats.values())
      if ("username" in c.chat && c.chat.username?.toLowerCase() === name && c.kind !== "private") return c;
    return undefined;
  }

  /** Adds a message to a chat, assigning its id and date. */
  addMessage(
    chat: ChatRecord,
    fields: Record<string, unknown>,
    meta: { byBot: boolean; method: string; params?: Params },
  ): StoredMessage {
    const sentAt = this.now();
    const message = {
      message_id: chat.nextMessageId++,
      ...fields,
      chat: chat.chat,
      date: Math.floor(sentAt / 1000),
    } as Msg;
    const stored: StoredMessage = {
      chatId: chat.id,
      message,
      byBot: meta.byBot,
      sentAt,
      deleted: false,
      edits: [],
      method: meta.method,
      params: meta.params ?? {},
    };
    chat.messages.set(message.message_id, stored);
    return stored;
  }

  message(chatId: number, messageId: number): StoredMessage | undefined {
    return this.chats.get(chatId)?.messages.get(messageId);
  }

  /** Messages the bot sent, oldest first, in one chat or all. */
  botMessages(chatId?: number): StoredMessage[] {
    const chats =
      chatId === undefined ? [...this.chats.values()] : [this.chats.get(chatId)].filter((c) => !!c);
    return chats
      .flatMap((c) => [...(c?.messages.values() ?? [])])
      .filter((m) => m.byBot)
      .sort((a, b) => a.sentAt - b.sentAt || a.message.message_id - b.message.message_id);
  }

  private chatRecord(id: number, kind: ChatKind, chat: Chat, extra: Partial<ChatRecord>): ChatRecord {
    return {
      id,
      kind,
      chat,
      nextMessageId: 1,
      messages: new Map(),
      botStatus: "member",
      admins: new Set(),
      members: new Set(),
      pinned: [],
      ...extra,
    };
  }
}

/** A deep copy of a stored message in the public SentMessage shape. */
export function toSentMessage(m: StoredMessage): SentMessage {
  const msg = structuredClone(m.message);
  return {
    message_id: msg.message_id,
    chat_id: m.chatId,
    date: msg.date,
    text: msg.text,
    caption: msg.caption,
    entities: msg.entities ?? msg.caption_entities,
    reply_markup: msg.reply_markup,
    edited: m.edits.length > 0,
    deleted: m.deleted,
    history: structuredClone(m.edits),
    method: m.method,
    params: structuredClone(m.params),
    message: msg as unknown as Message,
  };
}
