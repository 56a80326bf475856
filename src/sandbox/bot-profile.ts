/** What the bot set about itself: commands per scope and language, descriptions, names. */
import type { BotCommand, BotCommandScope } from "grammy/types";

/** Stored per (scope, language) exactly like Telegram: no fallback between keys when reading back. */
export class BotProfile {
  readonly commands = new Map<string, BotCommand[]>();
  readonly description = new Map<string, string>();
  readonly shortDescription = new Map<string, string>();
  readonly name = new Map<string, string>();

  /** The commands a test can inspect, e.g. `commandsFor({ type: "default" }, "fr")`. */
  commandsFor(scope: BotCommandScope = { type: "default" }, languageCode = ""): BotCommand[] | undefined {
    return this.commands.get(commandKey(scopeKey(scope), languageCode));
  }

  /**
   * The list a Telegram client would show a user in a private chat: Telegram's resolution order
   * chat_member → chat → all_private_chats → default, each first in the user's language, then without one.
   */
  commandsShownTo(userId: number, languageCode = ""): BotCommand[] {
    const scopes = [`chat_member:${userId}:${userId}`, `chat:${userId}`, "all_private_chats", "default"];
    for (const scope of scopes)
      for (const lang of languageCode ? [languageCode, ""] : [""]) {
        const list = this.commands.get(commandKey(scope, lang));
        if (list && list.length > 0) return list;
      }
    return [];
  }
}

/** A scope as a map key; chat ids must already be numeric. */
export function scopeKey(scope: BotCommandScope): string {
  switch (scope.type) {
    case "chat":
    case "chat_administrators":
      return `${scope.type}:${scope.chat_id}`;
    case "chat_member":
      return `chat_member:${scope.chat_id}:${scope.user_id}`;
    default:
      return scope.type;
  }
}

export const commandKey = (scope: string, languageCode: string) => `${scope}|${languageCode}`;
