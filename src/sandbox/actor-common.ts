/** What the test actors share: posting as a user, command entities, finding buttons, waiting for replies. */
import type { InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity } from "grammy/types";
import type { EmulatorCore } from "./core.js";
import type { ChatRecord } from "./store.js";
import { toSentMessage } from "./store.js";
import type { MessageEvent, SentMessage } from "./types.js";

/** bot_command entities where Telegram's clients mark them: "/cmd" or "/cmd@bot" after a space or at the start. */
export function commandEntities(text: string): MessageEntity[] {
  const out: MessageEntity[] = [];
  for (const m of text.matchAll(/(^|\s)(\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?)(?=$|[\s.,!?;:)])/g)) {
    const command = m[2] ?? "";
    out.push({ type: "bot_command", offset: (m.index ?? 0) + (m[1] ?? "").length, length: command.length });
  }
  return out;
}

/** A text message's fields with Telegram's automatic command entities added to any given ones. */
export function textFields(text: string, entities: MessageEntity[] = []): Record<string, unknown> {
  const all = [...commandEntities(text), ...entities].sort((a, b) => a.offset - b.offset);
  return all.length > 0 ? { text, entities: all } : { text };
}

/** Stores a message a user (or channel) wrote and queues the update the bot will receive. */
export function postAsUser(
  core: EmulatorCore,
  chat: ChatRecord,
  fields: Record<string, unknown>,
  kind: "message" | "channel_post" = "message",
): Message {
  const stored = core.store.addMessage(chat, fields, { byBot: false, method: kind });
  core.enqueue({ [kind]: structuredClone(stored.message) });
  return structuredClone(stored.message) as unknown as Message;
}

export interface ButtonRef {
  row: number;
  col: number;
  button: InlineKeyboardButton;
}

/** The buttons of an inline keyboard in reading order. */
export function buttonsOf(markup: InlineKeyboardMarkup | undefined): ButtonRef[] {
  return (markup?.inline_keyboard ?? []).flatMap((row, r) =>
    row.map((button, c) => ({ row: r, col: c, button })),
  );
}

/** A button by its text, then by its callback_data, or by position. */
export function findButton(
  markup: InlineKeyboardMarkup | undefined,
  which: string | { row: number; col: number },
): InlineKeyboardButton | undefined {
  const all = buttonsOf(markup);
  if (typeof which !== "string") return all.find((b) => b.row === which.row && b.col === which.col)?.button;
  return (
    all.find((b) => b.button.text === which)?.button ??
    all.find((b) => "callback_data" in b.button && b.button.callback_data === which)?.button
  );
}

/** Resolves with the next message the bot sends or edits in `chatId`. */
export function nextBotMessage(
  core: EmulatorCore,
  chatId: () => number,
  timeoutMs: number,
): Promise<SentMessage> {
  return new Promise((resolve, reject) => {
    const listener = (event: MessageEvent) => {
      if (event.kind === "deleted" || event.message.chat_id !== chatId()) return;
      clearTimeout(timer);
      core.events.off("message", listener);
      resolve(event.message);
    };
    const timer = setTimeout(() => {
      core.events.off("message", listener);
      reject(new Error(`the bot sent nothing to chat ${chatId()} within ${timeoutMs} ms`));
    }, timeoutMs);
    core.events.on("message", listener);
  });
}

/** The bot's messages in a chat (current state), optionally only those after a message id. */
export function botReplies(core: EmulatorCore, chatId: number, after?: number): SentMessage[] {
  return core.store
    .botMessages(chatId)
    .filter((m) => after === undefined || m.message.message_id > after)
    .map(toSentMessage);
}
