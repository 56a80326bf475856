/** parse_mode MarkdownV2: a port of tdlib's parse_markdown_v2, with its error texts. */
import type { MessageEntity } from "grammy/types";
import { parseEntitiesError } from "./api-error.js";
import { checkedLink, type FormattedText, sortEntities } from "./entity-rules.js";

type MdType = "bold" | "italic" | "underline" | "strikethrough" | "spoiler" | "code" | "pre";
type Kind = MdType | "text_link" | "custom_emoji" | "blockquote";

/** tdlib prints entity types by their C++ names in errors. */
const NAME: Record<Kind, string> = {
  bold: "Bold",
  italic: "Italic",
  underline: "Underline",
  strikethrough: "Strikethrough",
  spoiler: "Spoiler",
  code: "Code",
  pre: "Pre",
  text_link: "TextUrl",
  custom_emoji: "CustomEmoji",
  blockquote: "BlockQuote",
};

interface Open {
  type: Kind;
  argument: string;
  offset: number;
  srcIndex: number;
}

const RESERVED = "_*[]()~`>#+-=|{}.!\n";
const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r";

/** Parses MarkdownV2; any reserved character outside markup must be escaped with a backslash. */
export function parseMarkdownV2(src: string): FormattedText {
  const bytes = (i: number) => Buffer.byteLength(src.slice(0, i), "utf8");
  const fail = (detail: string): never => {
    throw parseEntitiesError(detail);
  };
  const reserved = (c: string) =>
    fail(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
  let out = "";
  const entities: MessageEntity[] = [];
  const stack: Open[] = [];
  let haveBlockquote = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i] ?? "";
    const next = src.charCodeAt(i + 1);
    if (c === "\\" && next > 0 && next <= 126) {
      out += src[++i];
      continue;
    }
    const top = stack.at(-1);
    const special = top && (top.type === "code" || top.type === "pre") ? "`" : RESERVED;
    if (!special.includes(c)) {
      out += c;
      continue;
    }
    if (!top || !endsEntity(top.type, src, i, haveBlockquote)) {
      const srcIndex = i;
      let type: Kind | undefined;
      let argument = "";
      if (c === "_") {
        type = src[i + 1] === "_" ? "underline" : "italic";
        if (type === "underline") i++;
      } else if (c === "*") type = "bold";
      else if (c === "~") type = "strikethrough";
      else if (c === "|") {
        if (src[i + 1] !== "|") reserved(c);
        i++;
        type = "spoiler";
      } else if (c === "[") type = "text_link";
      else if (c === "`") {
        if (src[i + 1] === "`" && src[i + 2] === "`") {
          i += 3;
          type = "pre";
          let end = i;
          while (end < src.length && !isSpace(src[end]) && src[end] !== "`") end++;
          if (i !== end && end < src.length && src[end] !== "`") {
            argument = src.slice(i, end);
            i = end;
          }
          if (src[i] === "\n" || src[i] === "\r")
            i += (src[i + 1] === "\n" || src[i + 1] === "\r") && src[i] !== src[i + 1] ? 2 : 1;
          i--;
        } else type = "code";
      } else if (c === "!") {
        if (src[i + 1] !== "[") reserved(c);
        i++;
        type = "custom_emoji";
      } else if (c === "\n") {
        out += "\n";
        if (src[i + 1] === ">") {
          i++;
          if (!haveBlockquote) {
            type = "blockquote";
            haveBlockquote = true;
          }
        }
      } else if (c === ">" && i === 0) {
        type = "blockquote";
        haveBlockquote = true;
      } else reserved(c);
      if (type) stack.push({ type, argument, offset: out.length, srcIndex });
      continue;
    }
    // end of the innermost entity
    if (c === "\n" && top.type !== "blockquote")
      fail(`Can't find end of ${NAME[top.type]} entity at byte offset ${bytes(top.srcIndex)}`);
    let skip = out.length === top.offset;
    let url = "";
    if (top.type === "underline" || top.type === "spoiler") i++;
    else if (top.type === "pre") i += 2;
    else if (top.type === "text_link" || top.type === "custom_emoji") {
      if (src[i + 1] !== "(") {
        if (top.type === "custom_emoji") fail("Custom emoji entity must contain a tg://emoji URL");
        url = out.slice(top.offset);
      } else {
        i += 2;
        const urlBegin = i;
        while (i < src.length && src[i] !== ")") {
          const n = src.charCodeAt(i + 1);
          if (src[i] === "\\" && n > 0 && n <= 126) {
            url += src[i + 1];
            i += 2;
          } else url += src[i++];
        }
        if (src[i] !== ")")
          fail(
            `Can't find end of a ${top.type === "text_link" ? "" : "custom emoji "}URL at byte offset ${bytes(urlBegin)}`,
          );
      }
    } else if (top.type === "blockquote") {
      haveBlockquote = false;
      out += c;
    }
    const offset = top.offset;
    const length = out.length - offset;
    if (top.type === "text_link") {
      const link = checkedLink(url);
      if (link && !skip) entities.push({ type: "text_link", offset, length, url: link });
      skip = true;
    } else if (top.type === "custom_emoji") {
      const id = /^tg:\/\/emoji\?id=([1-9]\d{0,18})$/.exec(url)?.[1];
      if (!id) fail("Invalid custom emoji identifier specified");
      if (!skip) entities.push({ type: "custom_emoji", offset, length, custom_emoji_id: id ?? "" });
      skip = true;
    }
    if (!skip) entities.push(plainEntity(top, offset, length));
    stack.pop();
  }
  const last = stack.at(-1);
  if (haveBlockquote && last?.type === "blockquote") {
    if (out.length > last.offset)
      entities.push({ type: "blockquote", offset: last.offset, length: out.length - last.offset });
    stack.pop();
  }
  const open = stack.at(-1);
  if (open) fail(`Can't find end of ${NAME[open.type]} entity at byte offset ${bytes(open.srcIndex)}`);
  return { text: out, entities: sortEntities(entities) };
}

function plainEntity(open: Open, offset: number, length: number): MessageEntity {
  if (open.type === "pre" && open.argument) return { type: "pre", offset, length, language: open.argument };
  return { type: open.type, offset, length } as MessageEntity;
}

function endsEntity(type: Kind, src: string, i: number, haveBlockquote: boolean): boolean {
  const c = src[i];
  if (haveBlockquote && c === "\n" && (i + 1 === src.length || src[i + 1] !== ">")) return true;
  switch (type) {
    case "bold":
      return c === "*";
    case "italic":
      return c === "_" && src[i + 1] !== "_";
    case "code":
      return c === "`";
    case "pre":
      return c === "`" && src[i + 1] === "`" && src[i + 2] === "`";
    case "text_link":
    case "custom_emoji":
      return c === "]";
    case "underline":
      return c === "_" && src[i + 1] === "_";
    case "strikethrough":
      return c === "~";
    case "spoiler":
      return c === "|" && src[i + 1] === "|";
    default:
      return false;
  }
}
