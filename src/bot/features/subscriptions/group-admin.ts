import type { RelayContext } from "../../context.js";

/**
 * Who may change a chat's subscription: anyone in a private chat; in a group, its administrators,
 * checked with getChatMember when they ask. A message sent on behalf of the group itself
 * (sender_chat is the group) comes from an anonymous administrator.
 */
export async function canManageSubscription(ctx: RelayContext): Promise<boolean> {
  const chat = ctx.chat;
  if (!chat) return false;
  if (chat.type === "private") return true;
  if (chat.type === "channel") return false;
  if (ctx.message?.sender_chat?.id === chat.id) return true;
  if (!ctx.from || ctx.from.is_bot) return false;
  const member = await ctx.api.getChatMember(chat.id, ctx.from.id);
  return member.status === "creator" || member.status === "administrator";
}
