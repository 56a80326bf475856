import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type InProcessRelay, inProcessRelay } from "../hostile/in-process.js";

let relay: InProcessRelay;
beforeAll(() => {
  relay = inProcessRelay();
});
afterAll(async () => {
  await relay?.close();
});

let nextUser = 5_100_000_000;
const person = () => ({ id: ++nextUser, is_bot: false, first_name: "Reader", language_code: "en" });
const privateText = (text: string, from = person()) => ({
  message: {
    message_id: 1,
    date: 1,
    chat: { id: from.id, type: "private" as const, first_name: from.first_name },
    from,
    text,
    ...(text.startsWith("/")
      ? { entities: [{ type: "bot_command" as const, offset: 0, length: text.split(/\s/)[0]?.length ?? 1 }] }
      : {}),
  },
});
const texts = (calls: { method: string; payload: Record<string, unknown> }[]) =>
  calls.filter((c) => c.method === "sendMessage").map((c) => String(c.payload.text));

describe("input bounds", () => {
  it("answers a text over 4096 characters in a private chat, and reads one of exactly 4096", async () => {
    const long = await relay.handle(privateText("a".repeat(4097)));
    expect(texts(long)).toEqual([expect.stringContaining("too long for me")]);
    const max = await relay.handle(privateText("a".repeat(4096)));
    expect(texts(max).join()).not.toContain("too long for me");
    expect(relay.invalid).toEqual([]);
  });

  it("ignores an over-long text in a group", async () => {
    const from = person();
    const calls = await relay.handle({
      message: {
        message_id: 1,
        date: 1,
        chat: { id: -1_001_234_567_890, type: "supergroup", title: "g" },
        from,
        text: "x".repeat(5000),
      },
    });
    expect(calls).toEqual([]);
  });

  it.each(["bad payload", "s3!", "é", "a".repeat(65), "<b>x</b>"])(
    "answers /start %j with a short note about a damaged link",
    async (payload) => {
      const calls = await relay.handle(privateText(`/start ${payload}`));
      expect(texts(calls)).toEqual([expect.stringContaining("This link is damaged")]);
    },
  );

  it("lets a well-formed deep link through to /start", async () => {
    const calls = await relay.handle(privateText("/start s2"));
    expect(texts(calls).join()).not.toContain("This link is damaged");
    expect(texts(calls)).not.toHaveLength(0);
  });

  it("answers callback data too long to be a button of Relay's, and a button with no data", async () => {
    const from = person();
    const message = {
      message_id: 5,
      date: 1,
      chat: { id: from.id, type: "private" as const, first_name: "R" },
    };
    const long = await relay.handle({
      callback_query: { id: "q1", from, chat_instance: "1", message, data: "x".repeat(65) },
    });
    expect(long).toEqual([
      {
        method: "answerCallbackQuery",
        payload: expect.objectContaining({ text: expect.stringContaining("not valid") }),
      },
    ]);
    const game = await relay.handle({
      callback_query: { id: "q2", from, chat_instance: "1", message, game_short_name: "g" },
    });
    expect(game.map((c) => c.method)).toEqual(["answerCallbackQuery"]);
    const junk = await relay.handle({
      callback_query: { id: "q3", from, chat_instance: "1", message, data: "pg:zz" },
    });
    expect(junk.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(1);
  });

  it("answers an inline query over 256 characters with no results", async () => {
    const calls = await relay.handle({
      inline_query: { id: "i1", from: person(), query: "q".repeat(257), offset: "" },
    });
    expect(calls).toEqual([
      {
        method: "answerInlineQuery",
        payload: expect.objectContaining({ results: [], inline_query_id: "i1" }),
      },
    ]);
  });
});

describe("flood", () => {
  it("gives a flooding reader one notice and leaves everyone else alone", async () => {
    const flooder = person();
    const from = relay.calls.length;
    await Promise.all(
      Array.from({ length: 80 }, (_, i) => relay.handle(privateText(`/note ${(i % 5) + 1}`, flooder))),
    );
    const calls = relay.calls.slice(from);
    const notices = texts(calls).filter((t) => t.includes("faster than I can read"));
    expect(notices).toHaveLength(1);
    expect(texts(calls).length).toBeLessThanOrEqual(31);
    const other = await relay.handle(privateText("/note 1"));
    expect(texts(other)).toHaveLength(1);
    expect(texts(other)[0]).not.toContain("faster than I can read");
  });
});
