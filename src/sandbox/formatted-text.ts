/** Text and captions as the Bot API server reads them: raw-size check, parse_mode or entities, trim, length. */
import { badRequest, TEXT } from "./api-error.js";
import { checkEntities, type FormattedText, trimFormatted } from "./entity-rules.js";
import { optStr } from "./params.js";
import { parseHtml } from "./parse-html.js";
import { parseMarkdownV2 } from "./parse-markdown.js";
import { parseMarkdownLegacy } from "./parse-markdown-legacy.js";
import type { Params } from "./types.js";

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;
/** The Bot API server refuses raw text above this many bytes before parsing anything. */
export const MAX_RAW_BYTES = 32768;

export interface TextFields {
  text: string;
  entities: string;
  parseMode: string;
  kind: "text" | "caption";
}

export const MESSAGE_TEXT: TextFields = {
  text: "text",
  entities: "entities",
  parseMode: "parse_mode",
  kind: "text",
};
export const CAPTION: TextFields = {
  text: "caption",
  entities: "caption_entities",
  parseMode: "parse_mode",
  kind: "caption",
};
export const INLINE_TEXT: TextFields = {
  text: "message_text",
  entities: "entities",
  parseMode: "parse_mode",
  kind: "text",
};

/** Parses `text` with its parse_mode; throws the Bot API's 400 on any rule it breaks. */
export function parseFormatted(raw: string, parseMode: string | undefined, entities: unknown): FormattedText {
  if (Buffer.byteLength(raw, "utf8") > MAX_RAW_BYTES) throw badRequest(TEXT.rawTextTooLong);
  const mode = (parseMode ?? "").toLowerCase();
  if (mode === "html") return parseHtml(raw);
  if (mode === "markdownv2") return parseMarkdownV2(raw);
  if (mode === "markdown") return parseMarkdownLegacy(raw);
  if (mode !== "" && mode !== "none") throw badRequest(`unsupported parse_mode "${parseMode}"`);
  return { text: raw, entities: entities === undefined ? [] : checkEntities(raw, entities) };
}

/**
 * Reads a message text or caption from `params`. A caption may be absent (undefined is returned);
 * a text may not. Lengths are counted in UTF-16 code units after parsing and trimming.
 */
export function readFormatted(params: Params, fields: TextFields): FormattedText | undefined {
  const raw = optStr(params, fields.text);
  if (raw === undefined) {
    if (fields.kind === "caption") return undefined;
    throw badRequest(TEXT.textEmpty);
  }
  const parsed = trimFormatted(
    parseFormatted(raw, optStr(params, fields.parseMode), params[fields.entities]),
  );
  if (fields.kind === "text") {
    if (parsed.text.length === 0) throw badRequest(TEXT.textEmpty);
    if (parsed.text.length > MAX_TEXT) throw badRequest(TEXT.textTooLong);
  } else if (parsed.text.length > MAX_CAPTION) throw badRequest(TEXT.captionTooLong);
  return parsed;
}
