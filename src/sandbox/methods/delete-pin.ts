/** deleteMessage(s) with Telegram's 48-hour and rights rules; pinning. */
import { badRequest, TEXT } from "../api-error.js";
import type { EmulatorCore } from "../core.js";
import { optInt, reqInt } from "../params.js";
import type { ChatRecord } from "../store.js";
import { isAdmin, readChat, writableChat } from "./access.js";
import { FORTY_EIGHT_HOURS_MS, type Handler } from "./context.js";

/** Deletes one message or throws why it cannot. */
function deleteOne(core: EmulatorCore, chat: ChatRecord, id: number): void {
  const stored = chat.messages.get(id);
  if (!stored || stored.deleted) throw badRequest(TEXT.deleteNotFound);
  if (core.now() - stored.sentAt > FORTY_EIGHT_HOURS_MS) throw badRequest(TEXT.cantDelete);
  // Bots delete their own messages anywhere, users' messages in private chats, others' only as admins.
  if (!stored.byBot && chat.kind !== "private" && !isAdmin(chat)) throw badRequest(TEXT.cantDelete);
  stored.deleted = true;
  if (stored.byBot) core.emitMessage("deleted", stored);
  else core.recorder.messagesDeleted++;
}

const deleteMessage: Handler = (p, { core }) => {
  deleteOne(core, readChat(core, p), reqInt(p, "message_id", "message identifier is not specified"));
  return true;
};

/** Messages that cannot be found or deleted are skipped, as the Bot API documents. */
const deleteMessages: Handler = (p, { core }) => {
  const chat = readChat(core, p);
  for (const id of p.message_ids as number[]) {
    try {
      deleteOne(core, chat, id);
    } catch {
      // skipped
    }
  }
  return true;
};

function needPinRights(chat: ChatRecord): void {
  if (chat.kind !== "private" && !isAdmin(chat))
    throw badRequest("not enough rights to manage pinned messages in the chat");
}

const pinChatMessage: Handler = (p, { core }) => {
  const chat = writableChat(core, p);
  const id = reqInt(p, "message_id", "message identifier is not specified");
  const stored = chat.messages.get(id);
  if (!stored || stored.deleted) throw badRequest("message to pin not found");
  needPinRights(chat);
  chat.pinned = [...chat.pinned.filter((m) => m !== id), id];
  return true;
};

const unpinChatMessage: Handler = (p, { core }) => {
  const chat = writableChat(core, p);
  needPinRights(chat);
  const id = optInt(p, "message_id") ?? chat.pinned.at(-1);
  chat.pinned = chat.pinned.filter((m) => m !== id);
  return true;
};

const unpinAllChatMessages: Handler = (p, { core }) => {
  const chat = writableChat(core, p);
  needPinRights(chat);
  chat.pinned = [];
  return true;
};

export const deletePinMethods: Record<string, Handler> = {
  deleteMessage,
  deleteMessages,
  pinChatMessage,
  unpinChatMessage,
  unpinAllChatMessages,
};
