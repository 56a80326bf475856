/** Bot messages for a terminal: entities as ANSI styles (plain text when not a TTY), quotes, links, buttons. */
import type { InlineKeyboardMarkup, MessageEntity } from "grammy/types";
import { buttonsOf } from "./actor-common.js";
import type { SentMessage } from "./types.js";

const STYLE: Partial<Record<MessageEntity["type"], string>> = {
  bold: "\x1b[1m",
  italic: "\x1b[3m",
  underline: "\x1b[4m",
  strikethrough: "\x1b[9m",
  spoiler: "\x1b[2m",
  code: "\x1b[36m",
  pre: "\x1b[36m",
  text_link: "\x1b[34m\x1b[4m",
};
const RESET = "\x1b[0m";
const QUOTE = "│ ";

const isQuote = (e: MessageEntity) => e.type === "blockquote" || e.type === "expandable_blockquote";

/** Renders text with its entities; blockquote lines get "│ ", text links their URL in brackets. */
export function renderText(text: string, entities: readonly MessageEntity[] = [], styled = false): string {
  const sorted = [...entities].sort((a, b) => a.offset - b.offset || b.length - a.length);
  const open: MessageEntity[] = [];
  const reopen = () => (styled ? RESET + open.map((e) => STYLE[e.type] ?? "").join("") : "");
  let out = "";
  for (let i = 0; i <= text.length; i++) {
    const closing = open.filter((e) => e.offset + e.length === i);
    if (closing.length > 0) {
      for (const e of closing) open.splice(open.indexOf(e), 1);
      out += reopen();
      for (const e of closing) {
        const shown = text.slice(e.offset, e.offset + e.length);
        if (e.type === "text_link" && e.url !== shown && !e.url.startsWith("tg://user")) out += ` (${e.url})`;
      }
    }
    if (i === text.length) break;
    for (const e of sorted) {
      if (e.offset !== i) continue;
      open.push(e);
      if (styled) out += STYLE[e.type] ?? "";
    }
    const quote = open.find(isQuote);
    if (quote && (i === quote.offset || text[i - 1] === "\n")) out += QUOTE;
    out += text[i];
  }
  return styled && open.length > 0 ? out + RESET : out;
}

/** Button rows numbered from 1 across the whole keyboard; link buttons marked with ↗. */
export function renderButtons(markup: InlineKeyboardMarkup | undefined): string[] {
  const lines: string[] = [];
  let n = 0;
  let row = -1;
  for (const ref of buttonsOf(markup)) {
    n++;
    if (ref.row !== row) {
      lines.push("     ");
      row = ref.row;
    }
    const b = ref.button;
    const inline = Object.keys(b).some((k) => k.startsWith("switch_inline_query"));
    const mark = "url" in b || "login_url" in b || "web_app" in b ? " ↗" : inline ? " @" : "";
    lines[lines.length - 1] += ` [${n}] ${b.text}${mark} `;
  }
  return lines.map((l) => l.trimEnd());
}

/** One bot message, ready to print: "bot › …", edits as "bot (edited) › …", media as [photo] etc. */
export function renderBotMessage(
  kind: "sent" | "edited" | "deleted",
  m: SentMessage,
  styled: boolean,
): string[] {
  if (kind === "deleted") return [`bot › (deleted message ${m.message_id})`];
  const label = kind === "edited" ? "bot (edited) › " : "bot › ";
  const media = ["photo", "video", "document", "audio", "animation", "voice", "sticker"].find(
    (k) => (m.message as unknown as Record<string, unknown>)[k] !== undefined,
  );
  const parts: string[] = [];
  const fileName = m.message.document?.file_name;
  if (media) parts.push(media === "document" && fileName ? `[document ${fileName}]` : `[${media}]`);
  const body = m.text ?? m.caption;
  if (body !== undefined) parts.push(renderText(body, m.entities, styled));
  const indent = " ".repeat(label.length);
  const text = parts
    .join(" ")
    .split("\n")
    .map((line, i) => (i === 0 || line === "" ? line : indent + line))
    .join("\n");
  return [`${label}${text}`, ...renderButtons(m.reply_markup)];
}
