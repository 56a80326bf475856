import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotApiEmulator } from "./emulator.js";

let emulator: BotApiEmulator;
let now = Date.UTC(2025, 0, 1);

beforeEach(async () => {
  now = Date.UTC(2025, 0, 1);
  emulator = await BotApiEmulator.start({ clock: () => now });
});
afterEach(async () => {
  await emulator.close();
});

const HOURS = 60 * 60 * 1000;
const error = (description: string, error_code = 400) => ({ ok: false, error: { error_code, description } });

async function sendText(chatId: number, text: string, extra: Record<string, unknown> = {}) {
  const outcome = await emulator.invoke("sendMessage", { chat_id: chatId, text, ...extra });
  if (!outcome.ok) throw new Error(outcome.error.description);
  return outcome.result as { message_id: number; date: number };
}

describe("editing", () => {
  it("refuses an edit that changes nothing, and one of a missing message", async () => {
    const user = emulator.user();
    const markup = { inline_keyboard: [[{ text: "a", callback_data: "b" }]] };
    const { message_id } = await sendText(user.id, "same", { reply_markup: markup });
    expect(
      await emulator.invoke("editMessageText", {
        chat_id: user.id,
        message_id,
        text: "same",
        reply_markup: markup,
      }),
    ).toEqual(
      error(
        "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      ),
    );
    const removed = await emulator.invoke("editMessageText", { chat_id: user.id, message_id, text: "same" });
    expect(removed.ok).toBe(true); // dropping the keyboard is a change
    expect(await emulator.invoke("editMessageText", { chat_id: user.id, message_id: 99, text: "x" })).toEqual(
      error("Bad Request: message to edit not found"),
    );
    expect(
      await emulator.invoke("editMessageCaption", { chat_id: user.id, message_id, caption: "x" }),
    ).toEqual(error("Bad Request: there is no caption in the message to edit"));
  });

  it("edits the bot's own message after 48 hours of emulated time (the limit is for deleting)", async () => {
    const user = emulator.user();
    const { message_id } = await sendText(user.id, "old");
    now += 30 * 24 * HOURS;
    const edited = await emulator.invoke("editMessageText", { chat_id: user.id, message_id, text: "new" });
    expect(edited).toMatchObject({ ok: true, result: { message_id, text: "new" } });
    expect(await emulator.invoke("deleteMessage", { chat_id: user.id, message_id })).toEqual(
      error("Bad Request: message can't be deleted"),
    );
  });
});

describe("deleting", () => {
  it("deletes once, then answers not found; after 48 hours it refuses", async () => {
    const user = emulator.user();
    const first = await sendText(user.id, "a");
    const second = await sendText(user.id, "b");
    expect(
      await emulator.invoke("deleteMessage", { chat_id: user.id, message_id: first.message_id }),
    ).toEqual({
      ok: true,
      result: true,
    });
    expect(
      await emulator.invoke("deleteMessage", { chat_id: user.id, message_id: first.message_id }),
    ).toEqual(error("Bad Request: message to delete not found"));
    emulator.advanceClock(49 * HOURS);
    expect(
      await emulator.invoke("deleteMessage", { chat_id: user.id, message_id: second.message_id }),
    ).toEqual(error("Bad Request: message can't be deleted"));
    expect(emulator.sent(user.id).map((m) => m.deleted)).toEqual([true, false]);
  });

  it("lets a bot delete others' messages in a group only as an administrator", async () => {
    const alice = emulator.user();
    const group = emulator.group({ members: [alice] });
    const msg = group.send(alice, "spam");
    const del = () => emulator.invoke("deleteMessage", { chat_id: group.id, message_id: msg.message_id });
    expect(await del()).toEqual(error("Bad Request: message can't be deleted"));
    group.promoteBot();
    expect((await del()).ok).toBe(true);
  });
});

describe("who the bot may write to", () => {
  it("answers 403 for blocked and deactivated users, 400 for unknown chats", async () => {
    const blocked = emulator.user();
    blocked.block();
    const gone = emulator.user();
    gone.deactivate();
    const stranger = emulator.user({ started: false });
    expect(await emulator.invoke("sendMessage", { chat_id: blocked.id, text: "x" })).toEqual(
      error("Forbidden: bot was blocked by the user", 403),
    );
    expect(await emulator.invoke("sendMessage", { chat_id: gone.id, text: "x" })).toEqual(
      error("Forbidden: user is deactivated", 403),
    );
    expect(await emulator.invoke("sendMessage", { chat_id: stranger.id, text: "x" })).toEqual(
      error("Forbidden: bot can't initiate conversation with a user", 403),
    );
    expect(await emulator.invoke("sendMessage", { chat_id: 12345, text: "x" })).toEqual(
      error("Bad Request: chat not found"),
    );
  });

  it("answers 403 after the bot is removed from a group", async () => {
    const group = emulator.group({ type: "group" });
    group.removeBot();
    expect(await emulator.invoke("sendMessage", { chat_id: group.id, text: "x" })).toEqual(
      error("Forbidden: bot was kicked from the group chat", 403),
    );
  });

  it("answers 400 with migrate_to_chat_id once a group became a supergroup", async () => {
    const group = emulator.group({ type: "group" });
    const oldId = group.id;
    const newId = group.migrate();
    expect(newId).toBe(group.id);
    expect(String(newId)).toMatch(/^-100\d{10}$/);
    expect(await emulator.invoke("sendMessage", { chat_id: oldId, text: "x" })).toEqual({
      ok: false,
      error: {
        error_code: 400,
        description: "Bad Request: group chat was upgraded to a supergroup chat",
        parameters: { migrate_to_chat_id: newId },
      },
    });
    expect((await emulator.invoke("sendMessage", { chat_id: newId, text: "x" })).ok).toBe(true);
  });

  it("checks replies exist unless allowed to send without one", async () => {
    const user = emulator.user();
    expect(
      await emulator.invoke("sendMessage", {
        chat_id: user.id,
        text: "x",
        reply_parameters: { message_id: 7 },
      }),
    ).toEqual(error("Bad Request: message to be replied not found"));
    const sent = await emulator.invoke("sendMessage", {
      chat_id: user.id,
      text: "x",
      reply_parameters: { message_id: 7, allow_sending_without_reply: true },
    });
    expect(sent.ok).toBe(true);
  });
});

describe("callback queries", () => {
  it("can be answered once, and not after 15 seconds of emulated time", async () => {
    const user = emulator.user();
    const markup = { inline_keyboard: [[{ text: "Go", callback_data: "go" }]] };
    const { message_id } = await sendText(user.id, "pick", { reply_markup: markup });
    const tooOld = error("Bad Request: query is too old and response timeout expired or query ID is invalid");
    const first = user.press(message_id, "Go", { timeoutMs: 500 });
    const late = user.press(message_id, "go", { timeoutMs: 200 });
    const polled = (await emulator.invoke("getUpdates", {})) as {
      ok: true;
      result: { callback_query?: { id: string } }[];
    };
    const [q1, q2] = polled.result.map((u) => u.callback_query?.id ?? "");
    expect(q1).not.toBe(q2);
    expect(await emulator.invoke("answerCallbackQuery", { callback_query_id: q1, text: "ok" })).toEqual({
      ok: true,
      result: true,
    });
    expect(await emulator.invoke("answerCallbackQuery", { callback_query_id: q1 })).toEqual(tooOld);
    now += 15_001;
    expect(await emulator.invoke("answerCallbackQuery", { callback_query_id: q2 })).toEqual(tooOld);
    expect((await first).answer?.text).toBe("ok");
    expect((await late).answer).toBeUndefined();
  });
});
