import { type RunnerHandle, run } from "@grammyjs/runner";
import { Bot } from "grammy";
import type { Update } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotApiEmulator } from "./emulator.js";

let emulator: BotApiEmulator;
let runner: RunnerHandle;
let updates: Update[];

beforeEach(async () => {
  emulator = await BotApiEmulator.start();
  updates = [];
  const bot = new Bot(emulator.token, { client: { apiRoot: emulator.apiRoot } });
  bot.use((ctx, next) => {
    updates.push(ctx.update);
    return next();
  });
  bot.command("who", async (ctx) => {
    const member = await ctx.getChatMember(ctx.from?.id ?? 0);
    await ctx.reply(member.status);
  });
  runner = run(bot, {
    runner: {
      fetch: {
        allowed_updates: ["message", "edited_message", "channel_post", "my_chat_member", "callback_query"],
      },
    },
  });
});
afterEach(async () => {
  await runner.stop();
  await emulator.close();
});

describe("test actors", () => {
  it("mark commands, including /cmd@BotName, with a bot_command entity at offset 0", async () => {
    const user = emulator.user();
    const plain = user.send("/section 2");
    const addressed = user.send(`/who@${emulator.botInfo.username}`);
    expect(plain.entities).toEqual([{ type: "bot_command", offset: 0, length: 8 }]);
    expect(addressed.entities?.[0]).toMatchObject({ type: "bot_command", offset: 0 });
    expect((await user.nextReply()).text).toBe("member");
  });

  it("answer getChatMember from the group's lists and send as an anonymous admin", async () => {
    const owner = emulator.user();
    const admin = emulator.user();
    const reader = emulator.user();
    const group = emulator.group({ creator: owner, admins: [admin], members: [reader] });
    expect(String(group.id)).toMatch(/^-100\d{10}$/);
    for (const [u, status] of [
      [owner, "creator"],
      [admin, "administrator"],
      [reader, "member"],
    ] as const) {
      const reply = group.nextReply();
      group.send(u, "/who");
      expect((await reply).text).toBe(status);
    }
    const anonymous = group.sendAsAnonymousAdmin("notice");
    expect(anonymous.from?.id).toBe(1087968824);
    expect(anonymous.sender_chat?.id).toBe(group.id);
  });

  it("forward channel posts, edit messages, and tell the bot about blocks", async () => {
    const channel = emulator.channel({ title: "News", username: "news" });
    const post = channel.post("Breaking");
    const user = emulator.user();
    user.forward(post, { type: "channel", chat: channel.chat, message_id: post.message_id });
    const mine = user.send("typo");
    user.edit(mine.message_id, "fixed");
    user.block();
    await emulator.waitForIdle();
    expect(updates.map((u) => Object.keys(u).find((k) => k !== "update_id"))).toEqual([
      "channel_post",
      "message",
      "message",
      "edited_message",
      "my_chat_member",
    ]);
    expect(updates[1]?.message?.forward_origin).toMatchObject({
      type: "channel",
      message_id: post.message_id,
    });
    expect(updates[3]?.edited_message?.text).toBe("fixed");
    expect(updates[4]?.my_chat_member?.new_chat_member.status).toBe("kicked");
  });

  it("waitForIdle resolves once the bot has fetched everything and gone quiet", async () => {
    const user = emulator.user();
    for (let i = 0; i < 5; i++) user.send("/who");
    await emulator.waitForIdle();
    expect(user.replies()).toHaveLength(5);
    expect(emulator.stats().pendingUpdates).toBeLessThanOrEqual(5);
  });
});
