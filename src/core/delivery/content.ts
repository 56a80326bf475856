import type { Lang } from "../article/model.js";

/**
 * An operator's update as Telegram gave it: text (or a caption) with its entities, per language,
 * kept exactly as formatted. Rendering works on text + entities, never on HTML, so nothing is re-parsed.
 */

/**
 * A Bot API MessageEntity as core sees it: its position and the fields formatting may carry. Structural,
 * so a grammY MessageEntity is one (bot/to-content.ts converts without a cast).
 */
export interface Entity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
  /** Only a text_mention has one: cleanEntities drops that entity before anything is stored. */
  user?: unknown;
  unix_time?: number;
  date_time_format?: string;
}

export interface Body {
  text: string;
  entities: Entity[];
}

export type MediaKind = "photo" | "video" | "document";
export const MEDIA_KINDS: readonly MediaKind[] = ["photo", "video", "document"];

export interface UpdateContent {
  /** The language the operator wrote first; the fallback for readers of a missing language. */
  original: Lang;
  /** One photo, video or document; the bodies are then its captions. */
  media?: { kind: MediaKind; fileId: string };
  bodies: Partial<Record<Lang, Body>>;
}

/** Where a relayed post came from: shown as "Source: …" when the operator keeps it. */
export interface Source {
  title: string;
  url?: string;
}

export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

export const limitOf = (content: UpdateContent) => (content.media ? CAPTION_LIMIT : TEXT_LIMIT);

export const plain = (text: string): Body => ({ text, entities: [] });
export const styled = (text: string, type: "italic" | "bold"): Body => ({
  text,
  entities: text ? [{ type, offset: 0, length: text.length }] : [],
});
export const linked = (text: string, url: string): Body => ({
  text,
  entities: [{ type: "text_link", offset: 0, length: text.length, url }],
});

/** Joins bodies with a separator, shifting each one's entities (offsets are UTF-16 units, as JS strings). */
export function concat(parts: Body[], separator = ""): Body {
  let text = "";
  const entities: Entity[] = [];
  for (const [i, part] of parts.entries()) {
    if (i > 0) text += separator;
    for (const e of part.entities) entities.push({ ...e, offset: e.offset + text.length });
    text += part.text;
  }
  return { text, entities };
}

/**
 * Keeps what an operator's message may carry into storage: positions and formatting, never a
 * text_mention's user object (an id and a name) — that span becomes plain text.
 */
export function cleanEntities(entities: readonly Entity[] | undefined): Entity[] {
  return (entities ?? []).filter((e) => e.type !== "text_mention").map((e) => ({ ...e }));
}

export interface RenderLines {
  /** "Not available in your language: the original in French." */
  missingNote: (reader: Lang, original: Lang) => string;
  /** "Source: " in the reader's language. */
  sourceLabel: (reader: Lang) => string;
}

/** An update as one reader sees it: their language, else the original with a note; the source line last. */
export function renderUpdate(
  content: UpdateContent,
  reader: Lang,
  lines: RenderLines,
  source?: Source,
): Body {
  const own = content.bodies[reader];
  const body = own ?? content.bodies[content.original] ?? plain("");
  const parts: Body[] = [];
  if (!own) parts.push(styled(lines.missingNote(reader, content.original), "italic"));
  if (body.text) parts.push(body);
  if (source) {
    const label = plain(lines.sourceLabel(reader));
    parts.push(concat([label, source.url ? linked(source.title, source.url) : plain(source.title)]));
  }
  return concat(parts, "\n\n");
}

/** The longest form any reader could receive, to check against Telegram's limit before publishing. */
export function longestRendering(
  content: UpdateContent,
  readers: readonly Lang[],
  lines: RenderLines,
  source?: Source,
): { reader: Lang; length: number } {
  let worst = { reader: content.original, length: 0 };
  for (const reader of readers) {
    const length = renderUpdate(content, reader, lines, source).text.length;
    if (length > worst.length) worst = { reader, length };
  }
  return worst;
}

/** Cuts a body to `max` UTF-16 units (never inside a surrogate pair), clipping entities to match. */
export function truncate(body: Body, max: number): Body {
  if (body.text.length <= max) return body;
  let end = Math.max(0, max - 1);
  const code = body.text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  const text = `${body.text.slice(0, end)}…`;
  const entities = body.entities
    .filter((e) => e.offset < end)
    .map((e) => ({ ...e, length: Math.min(e.length, end - e.offset) }))
    .filter((e) => e.length > 0);
  return { text, entities };
}
