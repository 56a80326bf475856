/** A group or supergroup with members and admins; the bot's membership can change and the group can migrate. */
import type { Chat, ChatMember, Message, User } from "grammy/types";
import { botReplies, nextBotMessage, postAsUser, textFields } from "./actor-common.js";
import type { EmulatorCore } from "./core.js";
import type { BotStatus, ChatRecord } from "./store.js";
import type { TestUser } from "./test-user.js";
import type { SentMessage } from "./types.js";

/** The account Telegram shows as the sender of anonymous admins' messages. */
export const GROUP_ANONYMOUS_BOT: User = {
  id: 1087968824,
  is_bot: true,
  first_name: "Group",
  username: "GroupAnonymousBot",
};

export class TestGroup {
  /** The id before migrate(), if it happened. */
  previousId: number | undefined;

  constructor(
    private readonly core: EmulatorCore,
    private record: ChatRecord,
    private readonly idle: (timeoutMs?: number) => Promise<void>,
  ) {}

  get id(): number {
    return this.record.id;
  }

  get chat(): Chat {
    return this.record.chat;
  }

  /** A message from a member (added to the members if needed). */
  send(from: TestUser, text: string): Message {
    if (!this.record.admins.has(from.id) && this.record.creatorId !== from.id)
      this.record.members.add(from.id);
    return postAsUser(this.core, this.record, { from: from.user, ...textFields(text) });
  }

  /** A message from an anonymous admin: sender_chat is the group, from is GroupAnonymousBot. */
  sendAsAnonymousAdmin(text: string): Message {
    return postAsUser(this.core, this.record, {
      from: GROUP_ANONYMOUS_BOT,
      sender_chat: this.record.chat,
      ...textFields(text),
    });
  }

  /** Adds the bot (my_chat_member left → member). */
  addBot(by?: TestUser): void {
    this.setBotStatus("member", by);
  }

  /** Removes the bot (my_chat_member → kicked); sends then answer 403 "bot was kicked from the … chat". */
  removeBot(by?: TestUser): void {
    this.setBotStatus("kicked", by);
  }

  /** Makes the bot an administrator (it may then delete others' messages and pin). */
  promoteBot(by?: TestUser): void {
    this.setBotStatus("administrator", by);
  }

  /** Upgrades a basic group to a supergroup; the old id then answers 400 with migrate_to_chat_id. Returns the new id. */
  migrate(): number {
    const old = this.record;
    if (old.kind !== "group") throw new Error('only a basic group (type: "group") can migrate');
    const next = this.core.store.addChat("supergroup", {
      title: "title" in old.chat ? old.chat.title : undefined,
    });
    Object.assign(next, { botStatus: old.botStatus, creatorId: old.creatorId });
    for (const id of old.admins) next.admins.add(id);
    for (const id of old.members) next.members.add(id);
    const creator = old.creatorId === undefined ? undefined : this.core.store.users.get(old.creatorId)?.user;
    postAsUser(this.core, old, { from: creator ?? GROUP_ANONYMOUS_BOT, migrate_to_chat_id: next.id });
    old.migratedTo = next.id;
    this.previousId = old.id;
    this.record = next;
    postAsUser(this.core, next, {
      from: GROUP_ANONYMOUS_BOT,
      sender_chat: next.chat,
      migrate_from_chat_id: old.id,
    });
    return next.id;
  }

  replies(options: { after?: number } = {}): SentMessage[] {
    return botReplies(this.core, this.id, options.after);
  }

  nextReply(timeoutMs = 2000): Promise<SentMessage> {
    return nextBotMessage(this.core, () => this.id, timeoutMs);
  }

  waitForIdle(timeoutMs?: number): Promise<void> {
    return this.idle(timeoutMs);
  }

  private setBotStatus(status: BotStatus, by?: TestUser): void {
    const bot = this.core.bot;
    const member = (s: BotStatus): ChatMember =>
      s === "kicked"
        ? { status: "kicked", user: bot, until_date: 0 }
        : s === "administrator"
          ? ({
              status: "administrator",
              user: bot,
              can_be_edited: false,
              can_manage_chat: true,
            } as unknown as ChatMember)
          : ({ status: s, user: bot } as ChatMember);
    const old = this.record.botStatus;
    if (old === status) return;
    this.record.botStatus = status;
    const from = by?.user ?? this.adminUser();
    this.core.enqueue({
      my_chat_member: {
        chat: this.record.chat,
        from,
        date: this.core.nowSeconds(),
        old_chat_member: member(old),
        new_chat_member: member(status),
      },
    });
  }

  private adminUser(): User {
    const id = this.record.creatorId ?? [...this.record.admins][0];
    return (id === undefined ? undefined : this.core.store.users.get(id)?.user) ?? GROUP_ANONYMOUS_BOT;
  }
}
