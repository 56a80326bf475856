/** getChat, getChatMember(s), getChatAdministrators, getChatMemberCount, leaveChat, sendChatAction. */
import type { ChatMember, User } from "grammy/types";
import { badRequest, TEXT } from "../api-error.js";
import type { EmulatorCore } from "../core.js";
import { chatIdParam, optStr, reqInt } from "../params.js";
import type { ChatRecord } from "../store.js";
import { isAdmin, readChat, writableChat } from "./access.js";
import type { Handler } from "./context.js";

const ADMIN_RIGHTS = {
  can_be_edited: false,
  is_anonymous: false,
  can_manage_chat: true,
  can_delete_messages: true,
  can_manage_video_chats: true,
  can_restrict_members: true,
  can_promote_members: false,
  can_change_info: true,
  can_invite_users: true,
  can_post_stories: false,
  can_edit_stories: false,
  can_delete_stories: false,
  can_pin_messages: true,
};

function userById(core: EmulatorCore, id: number): User {
  if (id === core.bot.id) return core.bot;
  const user = core.store.users.get(id)?.user;
  if (!user) throw badRequest("user not found");
  return user;
}

/** The member record Telegram would give for `userId` in `chat`. */
export function memberOf(core: EmulatorCore, chat: ChatRecord, userId: number): ChatMember {
  const user = userById(core, userId);
  if (chat.kind === "private") {
    if (userId !== chat.userId && userId !== core.bot.id) throw badRequest("user not found");
    return { status: "member", user };
  }
  const status = userId === core.bot.id ? chat.botStatus : undefined;
  if (status === "creator" || chat.creatorId === userId)
    return { status: "creator", user, is_anonymous: false };
  if (status === "administrator" || chat.admins.has(userId))
    return { status: "administrator", user, ...ADMIN_RIGHTS } as ChatMember;
  if (status === "kicked") return { status: "kicked", user, until_date: 0 };
  if (status === "member" || chat.members.has(userId)) return { status: "member", user };
  return { status: "left", user };
}

const getChat: Handler = (p, { core }) => {
  const chat = core.store.findChat(chatIdParam(p));
  if (!chat) throw badRequest(TEXT.chatNotFound);
  const pinnedId = chat.pinned.at(-1);
  const pinned = pinnedId === undefined ? undefined : chat.messages.get(pinnedId);
  return {
    ...chat.chat,
    accent_color_id: 0,
    max_reaction_count: 11,
    accepted_gift_types: {
      unlimited_gifts: false,
      limited_gifts: false,
      unique_gifts: false,
      premium_subscription: false,
      gifts_from_channels: false,
    },
    ...(pinned && !pinned.deleted ? { pinned_message: pinned.message } : {}),
  };
};

const getChatMember: Handler = (p, { core }) => memberOf(core, readChat(core, p), reqInt(p, "user_id"));

function administrators(core: EmulatorCore, chat: ChatRecord): ChatMember[] {
  const ids = new Set([...(chat.creatorId === undefined ? [] : [chat.creatorId]), ...chat.admins]);
  if (isAdmin(chat)) ids.add(core.bot.id);
  return [...ids].map((id) => memberOf(core, chat, id));
}

const getChatAdministrators: Handler = (p, { core }) => {
  const chat = readChat(core, p);
  if (chat.kind === "private") throw badRequest("there are no administrators in the private chat");
  return administrators(core, chat);
};

const getChatMemberCount: Handler = (p, { core }) => {
  const chat = readChat(core, p);
  if (chat.kind === "private") return 2;
  const ids = new Set([
    ...chat.members,
    ...chat.admins,
    ...(chat.creatorId === undefined ? [] : [chat.creatorId]),
  ]);
  return ids.size + (chat.botStatus === "left" || chat.botStatus === "kicked" ? 0 : 1);
};

const leaveChat: Handler = (p, { core }) => {
  const chat = readChat(core, p);
  if (chat.kind === "private") throw badRequest("chat member status can't be changed in private chats");
  const old = memberOf(core, chat, core.bot.id);
  chat.botStatus = "left";
  core.enqueue({
    my_chat_member: {
      chat: chat.chat,
      from: core.bot,
      date: core.nowSeconds(),
      old_chat_member: old,
      new_chat_member: { status: "left", user: core.bot },
    },
  });
  return true;
};

const sendChatAction: Handler = (p, { core }) => {
  const chat = writableChat(core, p);
  chat.lastChatAction = optStr(p, "action");
  return true;
};

export const chatMethods: Record<string, Handler> = {
  getChat,
  getChatMember,
  getChatAdministrators,
  getChatMemberCount,
  leaveChat,
  sendChatAction,
};
