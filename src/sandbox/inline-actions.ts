/** Inline mode from the user's side: asking the bot (inline_query) and sending a chosen result. */
import type { InlineQueryResult, InlineQueryResultsButton, Message, User } from "grammy/types";
import { postAsUser } from "./actor-common.js";
import type { EmulatorCore } from "./core.js";
import { INLINE_TEXT, readFormatted } from "./formatted-text.js";
import { isRecord } from "./params.js";
import type { ChatRecord } from "./store.js";

export type InlineResult = InlineQueryResult;

/** The bot's answerInlineQuery, as the user's client receives it. */
export interface InlineAnswer {
  inline_query_id: string;
  results: InlineResult[];
  cache_time?: number;
  is_personal?: boolean;
  next_offset?: string;
  button?: InlineQueryResultsButton;
}

let inlineMessages = 0;

/** Queues an inline_query and waits for its answer. */
export async function runInlineQuery(
  core: EmulatorCore,
  from: User,
  query: string,
  options: { offset?: string; timeoutMs?: number; chatType?: string },
): Promise<InlineAnswer> {
  const id = core.queries.open("inline");
  core.enqueue({
    inline_query: {
      id,
      from,
      query: query.slice(0, 256),
      offset: options.offset ?? "",
      chat_type: options.chatType ?? "sender",
    },
  });
  const timeoutMs = options.timeoutMs ?? 2000;
  const answer = await core.queries.waitFor(id, timeoutMs);
  if (!answer)
    throw new Error(`the bot did not answer inline query ${JSON.stringify(query)} within ${timeoutMs} ms`);
  return {
    ...answer,
    inline_query_id: id,
    results: (answer.results ?? []) as InlineResult[],
  } as InlineAnswer;
}

/** Posts a result into `chat` as sent "via @bot", and tells the bot which result was chosen. */
export function sendInlineResult(
  core: EmulatorCore,
  chat: ChatRecord,
  from: User,
  result: InlineResult,
  query: string,
): Message {
  const raw = result as unknown as Record<string, unknown>;
  const fields: Record<string, unknown> = { from, via_bot: core.bot };
  const content = raw.input_message_content;
  if (isRecord(content) && typeof content.message_text === "string") {
    const formatted = readFormatted(content, INLINE_TEXT);
    fields.text = formatted?.text;
    if (formatted && formatted.entities.length > 0) fields.entities = formatted.entities;
  } else if (result.type === "photo") {
    const fileId = String(raw.photo_file_id ?? raw.photo_url ?? "photo");
    fields.photo = [{ file_id: fileId, file_unique_id: `inline-${result.id}`, width: 800, height: 600 }];
    if (typeof raw.caption === "string") fields.caption = raw.caption;
  } else fields.text = String(raw.title ?? result.id);
  if (isRecord(raw.reply_markup)) fields.reply_markup = raw.reply_markup;
  const inlineMessageId = `SANDBOX-inline-${++inlineMessages}`;
  const message = postAsUser(core, chat, fields);
  const stored = chat.messages.get(message.message_id);
  if (stored) {
    stored.inlineMessageId = inlineMessageId;
    core.store.inlineMessages.set(inlineMessageId, stored);
  }
  core.enqueue({
    chosen_inline_result: { result_id: result.id, from, query, inline_message_id: inlineMessageId },
  });
  return message;
}
