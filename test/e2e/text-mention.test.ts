import type { MessageEntity } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../src/sandbox/test-user.js";
import type { SentMessage } from "../../src/sandbox/types.js";
import {
  type Harness,
  labels,
  lastWithButtons,
  press,
  say,
  startHarness,
  subscribedReaders,
} from "./delivery-harness.js";

/** A person mentioned by name without a username: Telegram hands the bot their id and name. */
const MENTIONED = { id: 7_123_456_789, is_bot: false, first_name: "Aigerim" };

/** A text whose first word is a text_mention of MENTIONED, and whose last word is bold. */
function mentioning(text: string): { text: string; entities: MessageEntity[] } {
  const name = text.split(" ")[0] as string;
  return {
    text,
    entities: [
      { type: "text_mention", offset: 0, length: name.length, user: MENTIONED },
      { type: "bold", offset: text.length - 5, length: 5 },
    ],
  };
}

async function sayWith(h: Harness, user: TestUser, m: { text: string; entities: MessageEntity[] }) {
  user.send(m.text, { entities: m.entities });
  await h.emulator.waitForIdle();
}

/** Every trace of the mentioned person in what a reader received: none is allowed. */
const leaks = (messages: SentMessage[]) =>
  messages.filter((m) =>
    [...(m.entities ?? []), ...m.history.flatMap((e) => e.entities ?? [])].some(
      (e) => e.type === "text_mention" || JSON.stringify(e).includes(String(MENTIONED.id)),
    ),
  );

describe("a text_mention in an operator's update never reaches a subscriber", () => {
  let h: Harness;
  let readers: Record<"fr" | "en" | "ru", TestUser>;
  beforeAll(async () => {
    h = await startHarness();
    readers = await subscribedReaders(h);
  });
  afterAll(() => h.stop());

  it("strips it from the first body, a joined part, a translation and an /edit, keeping the words and other formatting", async () => {
    const op = h.freshOperator();
    await say(h, op, "/post");
    // 1. The first body, and 2. a part sent with it, joined.
    await sayWith(h, op, mentioning("Aigerim was released this morning"));
    await sayWith(h, op, mentioning("Aigerim thanks everyone who wrote"));
    expect(op.lastReply?.text).toMatch(/^Messages received within 2 seconds/);
    await press(h, op, lastWithButtons(op), "Join them");
    const languages = op.replies().filter((m) => labels(m).includes("English"));
    await press(h, op, languages.at(-1), "English");
    // 3. A translation.
    await press(h, op, lastWithButtons(op), "+ Français");
    await sayWith(h, op, mentioning("Aigerim a été libérée ce matin"));
    await press(h, op, lastWithButtons(op), "+ Русский");
    await sayWith(h, op, mentioning("Айгерим освободили сегодня утром"));
    await press(h, op, lastWithButtons(op), "Not sensitive");
    await press(h, op, lastWithButtons(op), "Publish");
    await h.settle();

    const first = {
      en: readers.en.lastReply,
      fr: readers.fr.lastReply,
      ru: readers.ru.lastReply,
    };
    expect(first.en?.text).toBe("Aigerim was released this morning\nAigerim thanks everyone who wrote");
    expect(first.fr?.text).toBe("Aigerim a été libérée ce matin");
    expect(first.ru?.text).toBe("Айгерим освободили сегодня утром");
    expect(first.en?.entities?.map((e) => e.type)).toEqual(["bold", "bold"]);
    expect(first.ru?.entities?.map((e) => e.type)).toEqual(["bold"]);

    // 4. /edit with a new text_mention.
    const id = h.app.db.prepare("SELECT MAX(id) FROM news_update").pluck().get() as number;
    await say(h, op, `/edit ${id}`);
    await press(h, op, lastWithButtons(op), "Русский");
    await sayWith(h, op, mentioning("Айгерим освободили сегодня утром, она дома"));
    await press(h, op, lastWithButtons(op), "Apply the correction");
    await h.settle();
    const edited = readers.ru.replies().find((m) => m.message_id === first.ru?.message_id);
    expect(edited?.text).toBe("Айгерим освободили сегодня утром, она дома");
    expect(edited?.edited).toBe(true);

    for (const reader of Object.values(readers)) expect(leaks(reader.replies())).toEqual([]);
    // The operator's own preview is built from the same stored content.
    expect(leaks(op.replies())).toEqual([]);
  });
});
