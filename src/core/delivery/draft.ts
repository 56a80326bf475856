import { type Body, cleanEntities, concat, type Entity, type MediaKind, type Source } from "./content.js";

/** The parts of a Bot API Message a draft is made of (structurally; core imports no grammY). */
export interface IncomingMessage {
  date: number;
  text?: string;
  entities?: Entity[];
  caption?: string;
  caption_entities?: Entity[];
  photo?: Array<{ file_id: string }>;
  video?: { file_id: string };
  document?: { file_id: string };
  media_group_id?: string;
  forward_origin?: {
    type: string;
    chat?: { title?: string; username?: string };
    message_id?: number;
  };
}

export type Extracted =
  | { kind: "text"; body: Body }
  | { kind: "media"; media: { kind: MediaKind; fileId: string }; body: Body }
  | { kind: "album" }
  | { kind: "unsupported" };

/** What an operator's message can become: a text, or one photo, video or document with its caption. */
export function extractContent(m: IncomingMessage): Extracted {
  if (m.media_group_id) return { kind: "album" };
  const caption: Body = { text: m.caption ?? "", entities: cleanEntities(m.caption_entities) };
  const largest = m.photo?.at(-1);
  if (largest) return { kind: "media", media: { kind: "photo", fileId: largest.file_id }, body: caption };
  if (m.video) return { kind: "media", media: { kind: "video", fileId: m.video.file_id }, body: caption };
  if (m.document)
    return { kind: "media", media: { kind: "document", fileId: m.document.file_id }, body: caption };
  if (m.text) return { kind: "text", body: { text: m.text, entities: cleanEntities(m.entities) } };
  return { kind: "unsupported" };
}

/** Telegram apps split a long text into several messages sent together: this close, they may be one. */
export const JOIN_WINDOW_SECONDS = 2;

export const arrivedTogether = (previous: IncomingMessage, next: IncomingMessage) =>
  next.date - previous.date <= JOIN_WINDOW_SECONDS;

/** Joins texts Telegram split, one line break where each cut was. */
export const joinBodies = (bodies: Body[]): Body => concat(bodies, "\n");

/** The channel a forwarded post comes from, as a "Source: …" line (linked when the channel is public). */
export function sourceOf(m: IncomingMessage): Source | undefined {
  const origin = m.forward_origin;
  if (origin?.type !== "channel" || !origin.chat) return undefined;
  const title = origin.chat.title ?? origin.chat.username ?? "";
  const url =
    origin.chat.username && origin.message_id
      ? `https://t.me/${origin.chat.username}/${origin.message_id}`
      : undefined;
  return { title, url };
}
