/** Which chat a call targets, and whether the bot may act in it (blocked, deactivated, kicked, migrated). */
import { badRequest, forbidden, TEXT } from "../api-error.js";
import type { EmulatorCore } from "../core.js";
import { chatIdParam, optBool } from "../params.js";
import type { SendTarget } from "../rate-limiter.js";
import type { ChatRecord } from "../store.js";
import type { Params } from "../types.js";

/** The chat named by `name`; 400 when unknown or migrated to a supergroup. */
export function readChat(core: EmulatorCore, p: Params, name = "chat_id"): ChatRecord {
  const chat = core.store.findChat(chatIdParam(p, name));
  if (!chat) throw badRequest(TEXT.chatNotFound);
  if (chat.migratedTo !== undefined) throw badRequest(TEXT.migrated, { migrate_to_chat_id: chat.migratedTo });
  return chat;
}

/** A chat the bot may write to; 403 when the user blocked the bot, is deactivated, or the bot was removed. */
export function writableChat(core: EmulatorCore, p: Params, name = "chat_id"): ChatRecord {
  const chat = readChat(core, p, name);
  if (chat.kind === "private") {
    const user = chat.userId === undefined ? undefined : core.store.users.get(chat.userId);
    if (user?.deactivated) throw forbidden(TEXT.deactivated);
    if (user?.blocked) throw forbidden(TEXT.blocked);
    if (user && !user.started) throw forbidden(TEXT.cantInitiate);
  } else if (chat.botStatus === "kicked") throw forbidden(`bot was kicked from the ${chat.kind} chat`);
  else if (chat.botStatus === "left") throw forbidden(`bot is not a member of the ${chat.kind} chat`);
  else if (chat.kind === "channel" && chat.botStatus === "member")
    throw badRequest("need administrator rights in the channel chat");
  return chat;
}

/** What the rate limiter needs to know about a send. */
export function sendTarget(core: EmulatorCore, chat: ChatRecord, p: Params): SendTarget {
  const user = chat.userId === undefined ? undefined : core.store.users.get(chat.userId);
  return {
    chatId: chat.id,
    kind: chat.kind,
    paid: optBool(p, "allow_paid_broadcast"),
    userWroteAt: user?.lastMessageAt,
  };
}

export const isAdmin = (chat: ChatRecord) =>
  chat.botStatus === "administrator" || chat.botStatus === "creator";
