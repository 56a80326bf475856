/**
 * parse_mode HTML, following tdlib's parse_html (MessageEntity.cpp) and its error texts, with one deliberate
 * strictness: an `&` that does not start &lt; &gt; &amp; &quot; or a numeric reference is an error here, where
 * Telegram would keep it as text. Relay must escape with one function, and this catches the places it forgot.
 */
import type { MessageEntity } from "grammy/types";
import { parseEntitiesError } from "./api-error.js";
import { checkedLink, type FormattedText, sortEntities } from "./entity-rules.js";
import { decodeEntity, isSpace, readAttributes } from "./html-syntax.js";

const TAGS = new Set([
  ...[
    "a",
    "b",
    "strong",
    "i",
    "em",
    "s",
    "strike",
    "del",
    "u",
    "ins",
    "span",
    "tg-spoiler",
    "tg-emoji",
    "tg-time",
  ],
  ...["pre", "code", "blockquote"],
]);

interface OpenTag {
  name: string;
  argument: string;
  attributes: Map<string, string>;
  offset: number;
}

/** Parses Telegram HTML into plain text and entities; throws 400 "can't parse entities: …". */
export function parseHtml(src: string): FormattedText {
  const at = (i: number) => Buffer.byteLength(src.slice(0, i), "utf8");
  const fail = (detail: string): never => {
    throw parseEntitiesError(detail);
  };
  let text = "";
  const entities: MessageEntity[] = [];
  const stack: OpenTag[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === "&") {
      const decoded = decodeEntity(src, i);
      if (typeof decoded === "string") fail(`${decoded} at byte offset ${at(i)}`);
      else {
        text += decoded.char;
        i = decoded.end;
      }
      continue;
    }
    if (c !== "<") {
      text += c;
      i++;
      continue;
    }
    const begin = i++;
    if (src[i] !== "/") {
      let j = i;
      while (j < src.length && !isSpace(src[j]) && src[j] !== ">") j++;
      if (j >= src.length) fail(`Unclosed start tag at byte offset ${at(begin)}`);
      const name = src.slice(i, j).toLowerCase();
      if (!TAGS.has(name)) fail(`Unsupported start tag "${name}" at byte offset ${at(begin)}`);
      const parsed = readAttributes(src, j, name, at(begin), fail);
      i = parsed.end + 1;
      const tag: OpenTag = { name, argument: "", attributes: parsed.attributes, offset: text.length };
      tag.argument = tagArgument(tag);
      if (name === "span" && tag.argument !== "spoiler")
        fail(`Tag "span" must have class "tg-spoiler" at byte offset ${at(begin)}`);
      stack.push(tag);
      continue;
    }
    const top = stack.at(-1);
    if (!top) fail(`Unexpected end tag at byte offset ${at(begin)}`);
    let j = i + 1;
    while (j < src.length && !isSpace(src[j]) && src[j] !== ">") j++;
    const endName = src.slice(i + 1, j).toLowerCase();
    while (j < src.length && isSpace(src[j])) j++;
    if (src[j] !== ">") fail(`Unclosed end tag at byte offset ${at(begin)}`);
    if (top && endName !== "" && endName !== top.name)
      fail(`Unmatched end tag at byte offset ${at(begin)}, expected "</${top.name}>", found "</${endName}>"`);
    i = j + 1;
    if (top && text.length > top.offset) closeEntity(top, text, entities);
    stack.pop();
  }
  const unclosed = stack.at(-1);
  if (unclosed) fail(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  return { text, entities: sortEntities(entities.map(demoteStrayCode)) };
}

function tagArgument(tag: OpenTag): string {
  const a = tag.attributes;
  if (tag.name === "a") return a.get("href") ?? "";
  if (tag.name === "code")
    return (a.get("class") ?? "").startsWith("language-") ? (a.get("class") ?? "").slice(9) : "";
  if (tag.name === "span")
    return (a.get("class") ?? "").startsWith("tg-") ? (a.get("class") ?? "").slice(3) : "";
  if (tag.name === "tg-emoji") return a.get("emoji-id") ?? "";
  if (tag.name === "tg-time") return a.get("unix") ?? "";
  return "";
}

const SIMPLE: Record<string, MessageEntity["type"]> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  "tg-spoiler": "spoiler",
  span: "spoiler",
};

function closeEntity(tag: OpenTag, text: string, entities: MessageEntity[]): void {
  const offset = tag.offset;
  const length = text.length - offset;
  const simple = SIMPLE[tag.name];
  if (simple) {
    entities.push({ type: simple, offset, length } as MessageEntity);
  } else if (tag.name === "a") {
    const url = checkedLink(tag.argument || text.slice(offset));
    if (url) entities.push({ type: "text_link", offset, length, url });
  } else if (tag.name === "tg-emoji") {
    if (!/^[1-9]\d{0,18}$/.test(tag.argument))
      throw parseEntitiesError("Invalid custom emoji identifier specified");
    entities.push({ type: "custom_emoji", offset, length, custom_emoji_id: tag.argument });
  } else if (tag.name === "tg-time") {
    if (!/^\d{1,12}$/.test(tag.argument)) throw parseEntitiesError("Invalid Unix time specified");
    const format = (tag.attributes.get("format") ??
      "") as MessageEntity.DateTimeMessageEntity["date_time_format"];
    entities.push({
      type: "date_time",
      offset,
      length,
      unix_time: Number(tag.argument),
      date_time_format: format,
    });
  } else if (tag.name === "code") {
    entities.push(
      tag.argument
        ? { type: "pre", offset, length, language: tag.argument }
        : { type: "code", offset, length },
    );
    // A languaged code stays "pre" only if its enclosing <pre> closes at the same place (see below).
    if (tag.argument) (entities.at(-1) as { fromCode?: boolean }).fromCode = true;
  } else if (tag.name === "pre") {
    const last = entities.at(-1) as (MessageEntity & { fromCode?: boolean }) | undefined;
    if (last?.fromCode && last.offset === offset && last.length === length) delete last.fromCode;
    else entities.push({ type: "pre", offset, length });
  } else if (tag.name === "blockquote") {
    const type = tag.attributes.has("expandable") ? "expandable_blockquote" : "blockquote";
    entities.push({ type, offset, length });
  }
}

/** A <code class="language-x"> that was not the whole of a <pre> is plain code: Telegram drops its language. */
function demoteStrayCode(e: MessageEntity & { fromCode?: boolean }): MessageEntity {
  return e.fromCode ? { type: "code", offset: e.offset, length: e.length } : e;
}
