import type { Message, MessageEntity } from "grammy/types";
import type { Body } from "../core/delivery/content.js";
import { type Extracted, extractContent } from "../core/delivery/draft.js";

/**
 * The one function that turns a grammY message into the core's content, for every path (a draft's
 * first body, joined parts, translations, /edit): extractContent drops what must never travel, a
 * text_mention's user (an id and a name), keeping its span as plain text.
 */
export const toContent = (message: Message): Extracted => extractContent(message);

/** The core's entities as Telegram takes them back: they came from Telegram through toContent. */
export const toEntities = (body: Body): MessageEntity[] => body.entities as MessageEntity[];
