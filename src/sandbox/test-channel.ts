/** A channel where the bot is an administrator; posts reach the bot as channel_post updates. */
import type { Chat, Message } from "grammy/types";
import { botReplies, nextBotMessage, postAsUser, textFields } from "./actor-common.js";
import type { EmulatorCore } from "./core.js";
import type { ChatRecord } from "./store.js";
import type { SentMessage } from "./types.js";

export class TestChannel {
  constructor(
    private readonly core: EmulatorCore,
    private readonly record: ChatRecord,
  ) {}

  get id(): number {
    return this.record.id;
  }

  get chat(): Chat {
    return this.record.chat;
  }

  /**
   * Publishes a post. To have a user forward it to the bot:
   * `user.forward(post, { type: "channel", chat: channel.chat, message_id: post.message_id })`.
   */
  post(text: string, options: { author_signature?: string } = {}): Message {
    const fields: Record<string, unknown> = { sender_chat: this.record.chat, ...textFields(text) };
    if (options.author_signature) fields.author_signature = options.author_signature;
    return postAsUser(this.core, this.record, fields, "channel_post");
  }

  replies(options: { after?: number } = {}): SentMessage[] {
    return botReplies(this.core, this.id, options.after);
  }

  nextReply(timeoutMs = 2000): Promise<SentMessage> {
    return nextBotMessage(this.core, () => this.id, timeoutMs);
  }
}
