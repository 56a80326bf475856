import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "../../src/sandbox/test-user.js";
import {
  count,
  type Harness,
  labels,
  lastWithButtons,
  press,
  say,
  startHarness,
  subscribedReaders,
} from "./delivery-harness.js";

/** Drives /post up to the confirmation; returns the confirm message. */
async function draft(
  h: Harness,
  op: TestUser,
  text: string,
  opts: { lang?: string; add?: [string, string][]; sensitive?: string } = {},
) {
  await say(h, op, "/post");
  await say(h, op, text);
  await press(h, op, lastWithButtons(op), opts.lang ?? "English");
  for (const [label, translation] of opts.add ?? []) {
    await press(h, op, lastWithButtons(op), label);
    await say(h, op, translation);
  }
  if (op.lastReply?.text?.startsWith("Languages so far"))
    await press(h, op, lastWithButtons(op), "No more languages");
  if (opts.sensitive) {
    await press(h, op, lastWithButtons(op), "Sensitive");
    await press(h, op, lastWithButtons(op), opts.sensitive);
  } else await press(h, op, lastWithButtons(op), "Not sensitive");
  return lastWithButtons(op);
}

describe("operators", () => {
  let h: Harness;
  let readers: Record<"fr" | "en" | "ru", TestUser>;
  beforeAll(async () => {
    h = await startHarness();
    readers = await subscribedReaders(h);
  });
  afterAll(() => h.stop());

  it("runs /post to the end: languages, preview as subscribers see it, confirm, delivery with progress", async () => {
    const op = h.freshOperator();
    const confirm = await draft(h, op, "Released this morning after 3 days.", {
      add: [["+ Русский", "Освобождён сегодня утром."]],
    });
    expect(confirm?.text).toMatch(/^Publish now\? At once: 3 subscribers; in their next digest: 0\./);
    const preview = op.replies().slice(-4, -1);
    expect(preview.map((m) => m.text)).toEqual([
      "Pas encore disponible en français : voici l’original, en anglais.\n\nReleased this morning after 3 days.",
      "Released this morning after 3 days.",
      "Освобождён сегодня утром.",
    ]);
    expect(labels(preview[0])).toEqual(["Se désabonner", "Réglages"]);

    await press(h, op, confirm, "Publish");
    // A second press on the same button publishes nothing more.
    await op.press(confirm as never, "Publish");
    await h.settle();
    expect(readers.en.lastReply?.text).toBe("Released this morning after 3 days.");
    expect(readers.ru.lastReply?.text).toBe("Освобождён сегодня утром.");
    expect(readers.fr.lastReply?.text).toMatch(/^Pas encore disponible en français/);
    expect(labels(readers.ru.lastReply)).toEqual(["Отписаться", "Настройки"]);
    expect(count(h, "SELECT COUNT(*) FROM news_update")).toBe(1);
    expect(count(h, "SELECT COUNT(*) FROM audit WHERE action = 'post'")).toBe(1);

    // The progress message is edited in place up to the final summary.
    await h.app.delivery.progress.tick();
    await h.emulator.waitForIdle();
    const progress = op.replies().find((m) => m.text?.startsWith("Update #1 is out"));
    expect(progress?.text).toMatch(/3 of 3 delivered, 0 failed/);
  });

  it("cancels with the button and with /cancel at any step, publishing nothing", async () => {
    const op = h.freshOperator();
    const confirm = await draft(h, op, "Not to be published");
    await press(h, op, confirm, "Cancel");
    expect(op.lastReply?.text).toBe("Cancelled. Nothing was published.");

    await say(h, op, "/post");
    await say(h, op, "Draft");
    const [cancelled] = await say(h, op, "/cancel");
    expect(cancelled?.text).toBe("Cancelled. Nothing was published.");
    const [nothing] = await say(h, op, "/cancel");
    expect(nothing?.text).toBe("There is nothing to cancel.");
    expect(count(h, "SELECT COUNT(*) FROM news_update")).toBe(1);
  });

  it("sends a sensitive update protected and deletes it from each chat after the chosen delay", async () => {
    const op = h.freshOperator();
    const confirm = await draft(h, op, "Safe house address", { sensitive: "1 h" });
    expect(
      op
        .replies()
        .slice(-4, -1)
        .every((m) => m.params.protect_content === true),
    ).toBe(true);
    await press(h, op, confirm, "Publish");
    await h.settle();
    const delivered = readers.en.lastReply;
    expect(delivered?.text).toBe("Safe house address");
    expect(delivered?.params.protect_content).toBe(true);

    h.advance(59 * 60_000);
    await h.settle();
    expect(readers.en.replies().find((m) => m.message_id === delivered?.message_id)?.deleted).toBe(false);
    h.advance(2 * 60_000);
    await h.settle();
    expect(readers.en.replies().find((m) => m.message_id === delivered?.message_id)?.deleted).toBe(true);
    expect(count(h, "SELECT value FROM counter WHERE name = 'deletions_sent'")).toBe(3);
  });

  it("puts a Find in the article button beside the relay offer, usable in the middle of the draft", async () => {
    const op = h.freshOperator();
    const channel = h.emulator.channel({ title: "Mirror", username: "mirrorch" });
    const quote = h.app.library.article.editions.en?.sections[1]?.paragraphs[3]?.text ?? "";
    const post = channel.post(quote);
    op.forward(post, { type: "channel", chat: channel.chat, message_id: post.message_id });
    await h.emulator.waitForIdle();
    const offer = op.replies().find((m) => m.text?.startsWith("Relay this post"));
    expect(offer?.reply_markup?.inline_keyboard[0]?.[0]?.text).toBe("Find in the article");
    await op.press(offer as never, "Find in the article");
    await h.emulator.waitForIdle();
    expect(op.replies().some((m) => /“2\. [^”]+”, paragraph 4/s.test(m.text ?? ""))).toBe(true);
    op.send("/cancel");
    await h.emulator.waitForIdle();
  });

  it("offers to relay a forwarded channel post, re-sent from its content with its source line", async () => {
    const op = h.freshOperator();
    const channel = h.emulator.channel({ title: "Kaz News", username: "kaznews" });
    const post = channel.post("Arrests in Almaty tonight.");
    op.forward(post, { type: "channel", chat: channel.chat, message_id: post.message_id });
    await h.emulator.waitForIdle();
    expect(op.replies().at(-2)?.text).toMatch(/^Relay this post to subscribers\?/);
    await press(h, op, lastWithButtons(op), "English");
    await press(h, op, lastWithButtons(op), "No more languages");
    await press(h, op, lastWithButtons(op), "Not sensitive");
    await press(h, op, lastWithButtons(op), "With the source");
    await press(h, op, lastWithButtons(op), "Publish");
    await h.settle();
    const got = readers.en.lastReply;
    expect(got?.text).toBe("Arrests in Almaty tonight.\n\nSource: Kaz News");
    expect(got?.message.forward_origin).toBeUndefined();
    expect(got?.entities?.find((e) => e.type === "text_link")).toMatchObject({
      url: `https://t.me/kaznews/${post.message_id}`,
    });
    expect(count(h, "SELECT COUNT(*) FROM audit WHERE action = 'relay'")).toBe(1);
  });

  it("refuses an album, offers to join a split text, and asks again for a text over the limit at the preview", async () => {
    const op = h.freshOperator();
    await say(h, op, "/post");
    const album = [1, 2].map(() => ({ media_group_id: "alb1" }));
    for (const extra of album)
      h.emulator.enqueueUpdate({
        message: {
          message_id: Math.floor(Math.random() * 1e6),
          date: Math.floor(Date.now() / 1000),
          chat: op.chat,
          from: op.user,
          photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }],
          ...extra,
        },
      } as never);
    await h.emulator.waitForIdle();
    expect(op.replies().filter((m) => m.text?.startsWith("Albums can’t be relayed")).length).toBe(1);

    await say(h, op, "a".repeat(3050));
    await say(h, op, "b".repeat(1040));
    expect(op.lastReply?.text).toMatch(/^Messages received within 2 seconds of each other: 2/);
    await press(h, op, lastWithButtons(op), "Join them");
    await press(
      h,
      op,
      op
        .replies()
        .filter((m) => labels(m).includes("English"))
        .at(-1),
      "English",
    );
    await press(h, op, lastWithButtons(op), "No more languages");
    await press(h, op, lastWithButtons(op), "Not sensitive");
    // 4091 characters, plus the note readers of French and Russian get: over 4096.
    expect(op.lastReply?.text).toMatch(
      /^Too long to send: 4\d{3} characters with the lines Relay adds, and Telegram allows 4096\. Send a shorter text in English/,
    );
    // The draft goes on: a shorter text, and the rest of the draft is kept up to the preview.
    const sent = await say(h, op, "Shorter now.");
    expect(sent.at(-1)?.text).toMatch(/^Publish now\?/);
    expect(sent.some((m) => m.text === "Shorter now.")).toBe(true);
    // A press on a button of an earlier step gets a word, and the draft stays where it was.
    const earlier = op
      .replies()
      .filter((m) => labels(m).includes("Not sensitive"))
      .at(-1);
    const { replies } = await press(h, op, earlier, "Not sensitive");
    expect(replies.at(-1)?.text).toMatch(/^That button belongs to an earlier step of your draft/);
    await say(h, op, "/cancel");
  });

  it("leaves the operator able to start again when a send fails in the middle of /post", async () => {
    const op = h.freshOperator();
    await say(h, op, "/post");
    h.emulator.faults.failNext("sendMessage", {
      error_code: 400,
      description: "Bad Request: chat not found",
    });
    await say(h, op, "Some text");
    const [fresh] = await say(h, op, "/post");
    expect(fresh?.text).toMatch(/^Send the update/);
    await say(h, op, "/cancel");
  });

  it("lists, retracts and edits updates, within 48 hours and not after", async () => {
    const op = h.freshOperator();
    const [list] = await say(h, op, "/updates");
    expect(list?.text).toMatch(/#1 · .* · en, ru · 3\/3 delivered, 0 failed, 0 pending/);

    // With a draft open, a /retract prompt's buttons still belong to /retract, not to the draft.
    await say(h, op, "/post");
    expect((await say(h, op, "/retract 99"))[0]?.text).toBe("There is no update #99.");
    expect((await say(h, op, "/edit 99"))[0]?.text).toBe("There is no update #99.");
    const [ask] = await say(h, op, "/retract 1");
    await press(h, op, ask, "Retract");
    await h.settle();
    expect(op.replies().find((m) => m.message_id === ask?.message_id)?.text).toMatch(
      /Update #1 retracted\. Pending deliveries stopped: 0\. Being deleted: 3 messages\./,
    );
    expect((await say(h, op, "/cancel"))[0]?.text).toMatch(/cancel/i);
    expect(readers.ru.replies().find((m) => m.text === "Освобождён сегодня утром.")?.deleted).toBe(true);

    // Edit the relayed update (#3) within 48 h: every delivered copy changes in place.
    // It has one language: no question which, straight to the text, the language named in the operator's.
    const [sendText] = await say(h, op, "/edit 3");
    expect(sendText?.text).toBe("Send the text in English.");
    await say(h, op, "Arrests in Almaty tonight: 12 people.");
    await press(h, op, lastWithButtons(op), "Apply the correction");
    await h.settle();
    expect(
      readers.en.replies().find((m) => m.text?.startsWith("Arrests in Almaty tonight: 12"))?.edited,
    ).toBe(true);

    h.advance(49 * 3_600_000);
    const [old] = await say(h, op, "/edit 3");
    expect(old?.text).toMatch(/more than 48 hours ago/);
    const [ask2] = await say(h, op, "/retract 3");
    await press(h, op, ask2, "Retract");
    expect(op.replies().find((m) => m.message_id === ask2?.message_id)?.text).toMatch(
      /Being deleted: 0 messages\. Too old to delete: 3\./,
    );
  });

  it("resumes /post after a restart from its sealed state in SQLite, and lets a draft idle for an hour expire", async () => {
    const op = h.freshOperator();
    await say(h, op, "/post");
    await say(h, op, "Survives a restart");
    const state = h.app.db.prepare("SELECT state FROM conversation").pluck().all() as Buffer[];
    expect(state.length).toBeGreaterThan(0);
    expect(state.some((b) => b.includes("Survives") || b.includes(String(op.id)))).toBe(false);

    await h.restart();
    await press(h, op, lastWithButtons(op), "English");
    expect(op.lastReply?.text).toMatch(/^Languages so far: English/);

    h.advance(61 * 60_000);
    const { answer } = await press(h, op, lastWithButtons(op), "No more languages");
    expect(answer?.text).toBe("This button is no longer active.");
    expect(count(h, "SELECT COUNT(*) FROM conversation")).toBe(0);
  });

  it("shows counts only in /stats", async () => {
    const op = h.freshOperator();
    const [stats] = await say(h, op, "/stats");
    expect(stats?.text).toMatch(/^Subscribers: 3\n· by language: French 1, English 1, Russian 1/);
  });

  it("answers a non-operator's every operator command and button as an unknown command, changing nothing", async () => {
    const stranger = h.emulator.user({ language_code: "en" });
    const snapshot = () =>
      ["subscriber", "news_update", "delivery", "audit", "conversation", "counter"].map((t) =>
        count(h, `SELECT COUNT(*) FROM ${t}`),
      );
    const before = snapshot();
    const [unknown] = await say(h, stranger, "/nosuchcommand");
    for (const command of ["/post", "/updates", "/retract 1", "/edit 1", "/stats", "/publish", "/cancel"]) {
      const replies = await say(h, stranger, command);
      expect(
        replies.map((m) => m.text),
        command,
      ).toEqual([unknown?.text]);
    }
    for (const data of ["op:rt:1", "op:pub", "op:ok", "op:no", "op:l:en", "op:sens:1", "op:del:5"]) {
      const sent = await stranger.send("/help");
      await h.emulator.waitForIdle();
      const target = stranger.replies({ after: sent.message_id })[0];
      h.emulator.enqueueUpdate({
        callback_query: {
          id: `q${data}`,
          from: stranger.user,
          chat_instance: "x",
          data,
          message: target?.message,
        },
      } as never);
      await h.emulator.waitForIdle();
      const answer = h.emulator
        .callsTo("answerCallbackQuery")
        .find((c) => c.params.callback_query_id === `q${data}`);
      expect(answer?.params.text, data).toBe("This button is out of date. Send /sections for the contents.");
    }
    expect(snapshot()).toEqual(before);
  });
});
