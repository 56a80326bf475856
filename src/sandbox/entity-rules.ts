/** Rules shared by every way of formatting text: explicit entities, links, trimming, ordering. */
import type { MessageEntity } from "grammy/types";
import { badRequest, parseEntitiesError } from "./api-error.js";
import { isRecord } from "./params.js";

export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

const ENTITY_TYPES = new Set([
  ...["mention", "hashtag", "cashtag", "bot_command", "url", "email", "phone_number", "bold", "italic"],
  ...["underline", "strikethrough", "spoiler", "blockquote", "expandable_blockquote", "code", "pre"],
  ...["text_link", "text_mention", "custom_emoji", "date_time"],
]);

/** Orders entities as Telegram returns them: by offset, longer first. */
export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
}

/** The URL Telegram would keep for a link, or undefined when it would drop the entity (tdlib get_checked_link). */
export function checkedLink(raw: string): string | undefined {
  const url = raw.trim();
  if (/^(https?|tg|ton):\/\/\S+$/i.test(url)) return url;
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/i.test(url)) return `http://${url}`;
  return undefined;
}

/** Checks an explicit `entities` / `caption_entities` array against its text (offsets in UTF-16 code units). */
export function checkEntities(text: string, raw: unknown): MessageEntity[] {
  if (!Array.isArray(raw)) throw badRequest("can't parse entities JSON object");
  const out: MessageEntity[] = [];
  for (const e of raw) {
    if (!isRecord(e)) throw badRequest("can't parse MessageEntity: MessageEntity must be an Object");
    if (typeof e.type !== "string" || !ENTITY_TYPES.has(e.type))
      throw badRequest("can't parse MessageEntity: Unsupported type specified");
    const { offset, length } = e;
    if (typeof offset !== "number" || !Number.isInteger(offset) || offset < 0)
      throw badRequest('can\'t parse MessageEntity: Field "offset" must be a non-negative Integer');
    if (typeof length !== "number" || !Number.isInteger(length) || length < 0)
      throw badRequest('can\'t parse MessageEntity: Field "length" must be a non-negative Integer');
    if (offset > text.length)
      throw parseEntitiesError(`Entity begins after the end of the text at UTF-16 offset ${offset}`);
    if (offset + length > text.length)
      throw parseEntitiesError(
        `Entity beginning at UTF-16 offset ${offset} ends after the end of the text at UTF-16 offset ${offset + length}`,
      );
    requireField(e, "text_link", "url", "string");
    requireField(e, "text_mention", "user", "object");
    requireField(e, "custom_emoji", "custom_emoji_id", "string");
    requireField(e, "date_time", "unix_time", "number");
    if (e.type === "text_link" && !checkedLink(String(e.url))) throw badRequest("entity URL is invalid");
    if (length > 0) out.push({ ...e } as unknown as MessageEntity);
  }
  return sortEntities(out);
}

function requireField(e: Record<string, unknown>, type: string, field: string, kind: string): void {
  if (e.type === type && typeof e[field] !== kind)
    throw badRequest(`can't parse MessageEntity: Field "${field}" must be specified for "${type}" entities`);
}

const isBlank = (c: string | undefined) => c === " " || c === "\n";

/** Trims spaces and newlines at both ends like the Bot API server (leading ones only up to the first entity). */
export function trimFormatted({ text, entities }: FormattedText): FormattedText {
  let end = text.length;
  while (end > 0 && isBlank(text[end - 1])) end--;
  const firstEntity = entities.reduce((min, e) => Math.min(min, e.offset), end);
  let start = 0;
  while (start < firstEntity && isBlank(text[start])) start++;
  if (start === 0 && end === text.length) return { text, entities };
  const kept: MessageEntity[] = [];
  for (const e of entities) {
    const from = Math.max(e.offset, start);
    const to = Math.min(e.offset + e.length, end);
    if (to > from) kept.push({ ...e, offset: from - start, length: to - from });
  }
  return { text: text.slice(start, end), entities: kept };
}
