/** parse_mode Markdown, the legacy mode Telegram keeps for compatibility. */
import type { MessageEntity } from "grammy/types";
import { parseEntitiesError } from "./api-error.js";
import { checkedLink, type FormattedText, sortEntities } from "./entity-rules.js";

/** Legacy Markdown: *bold* _italic_ `code` ```pre``` [text](url), no nesting. */
export function parseMarkdownLegacy(src: string): FormattedText {
  let out = "";
  const entities: MessageEntity[] = [];
  for (let i = 0; i < src.length; i++) {
    const c = src[i] ?? "";
    if (c === "\\" && "_*`[".includes(src[i + 1] ?? " ")) {
      out += src[++i];
      continue;
    }
    if (!"_*`[".includes(c)) {
      out += c;
      continue;
    }
    const begin = i;
    const fail = () =>
      parseEntitiesError(
        `Can't find end of the entity starting at byte offset ${Buffer.byteLength(src.slice(0, begin))}`,
      );
    const offset = out.length;
    if (c === "[") {
      const close = src.indexOf("]", i + 1);
      if (close === -1) throw fail();
      out += src.slice(i + 1, close);
      const urlEnd = src[close + 1] === "(" ? src.indexOf(")", close + 2) : -1;
      const url = urlEnd === -1 ? undefined : checkedLink(src.slice(close + 2, urlEnd));
      if (url && out.length > offset)
        entities.push({ type: "text_link", offset, length: out.length - offset, url });
      i = urlEnd === -1 ? close : urlEnd;
      continue;
    }
    const fence = c === "`" && src.startsWith("```", i) ? "```" : c;
    const close = src.indexOf(fence, i + fence.length);
    if (close === -1) throw fail();
    let inner = src.slice(i + fence.length, close);
    let language = "";
    if (fence === "```") {
      const nl = inner.indexOf("\n");
      if (nl > 0 && !/\s/.test(inner.slice(0, nl))) {
        language = inner.slice(0, nl);
        inner = inner.slice(nl + 1);
      }
    }
    out += inner;
    const type = fence === "```" ? "pre" : c === "`" ? "code" : c === "*" ? "bold" : "italic";
    if (inner.length > 0)
      entities.push(
        language
          ? { type: "pre", offset, length: inner.length, language }
          : ({ type, offset, length: inner.length } as MessageEntity),
      );
    i = close + fence.length - 1;
  }
  return { text: out, entities: sortEntities(entities) };
}
