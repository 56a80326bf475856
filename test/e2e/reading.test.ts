import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ask, buttons, type RelayUnderTest, say, startRelay } from "../support/relay.js";

let relay: RelayUnderTest;
beforeAll(async () => {
  relay = await startRelay();
});
afterAll(async () => relay.close());

describe("reading the article (French interface)", () => {
  it("greets with /start in the user's language and shows the table of contents", async () => {
    const user = relay.emulator.user({ language_code: "fr" });
    const replies = await say(relay, user, "/start");
    expect(replies).toHaveLength(2);
    expect(replies[0]?.text).toContain("Bonjour");
    expect(replies[1]?.text).toContain("Sommaire");
    // One button per section, then the offline files.
    expect(buttons(replies[1]).flat()).toHaveLength(7);
    expect(buttons(replies[1]).at(-1)).toEqual(["⬇ Télécharger tout l’article (HTML · EPUB)"]);
    expect(buttons(replies[1])[0]?.[0]).toBe("1. Introduction");
  });

  it("pages a long section with ◀ ▶ that edit the message in place", async () => {
    const user = relay.emulator.user({ language_code: "fr" });
    const first = await ask(relay, user, "/section 6");
    expect(first.text).toMatch(/^6\. Entretien/);
    const pages = Number(/page 1\/(\d+)/.exec(first.text ?? "")?.[1]);
    expect(pages).toBeGreaterThan(2);
    expect(first.text?.length).toBeLessThanOrEqual(4096);
    expect(buttons(first)[0]).toEqual(["Suivante ▶"]);

    const { answer } = await user.press(first, "Suivante ▶");
    expect(answer).toBeDefined();
    await relay.emulator.waitForIdle();
    const edited = user.replies().find((m) => m.message_id === first.message_id);
    expect(edited?.edited).toBe(true);
    expect(edited?.text).toContain(`page 2/${pages}`);
    expect(buttons(edited)[0]).toEqual(["◀ Précédente", "Suivante ▶"]);
  });

  it("pages a message sent days ago in place: Telegram's 48 hours limit deleting, not editing", async () => {
    const user = relay.emulator.user({ language_code: "en" });
    const first = await ask(relay, user, "/section 6");
    relay.emulator.advanceClock(5 * 24 * 3_600_000);
    await user.press(first, "Next ▶");
    await relay.emulator.waitForIdle();
    const edited = user.replies().find((m) => m.message_id === first.message_id);
    expect(edited?.edited).toBe(true);
    expect(edited?.text).toMatch(/page 2\/\d+/);
    expect(user.replies({ after: first.message_id })).toHaveLength(0);
  });

  it("shows footnote 1 (December 1986 in Almaty) with its citing sentence and a button to that place", async () => {
    const user = relay.emulator.user({ language_code: "fr" });
    const note = await ask(relay, user, "/note 1");
    expect(note.text?.split("\n")[0]).toBe("Note 1");
    expect(note.text).toContain("Du 17 au 19 décembre 1986");
    expect(note.text).toContain("en perpétrant un massacre");
    await user.press(note, "Ouvrir ce passage de l’article");
    await relay.emulator.waitForIdle();
    const page = user.lastReply;
    expect(page?.text).toMatch(/^4\. Un printemps retardé/);
    expect(page?.text).toContain("[1]");
  });

  it.each([
    ["/section 0", "de 1 à 6"],
    ["/section 99", "de 1 à 6"],
    ["/section abc", "de 1 à 6"],
    ["/section", "de 1 à 6"],
    ["/note 9", "de 1 à 5"],
    ["/note x", "de 1 à 5"],
  ])("answers %s with what is valid", async (command, valid) => {
    const user = relay.emulator.user({ language_code: "fr" });
    const reply = await ask(relay, user, command);
    expect(reply.text).toContain(valid);
  });

  it("opens deep links to a section, a paragraph's page and a footnote, and explains a bad one", async () => {
    const user = relay.emulator.user({ language_code: "fr" });
    expect((await ask(relay, user, "/start s3")).text).toMatch(/^3\. «Wahhabites/);
    const paragraph = await ask(relay, user, "/start s6p40");
    expect(paragraph.text).toMatch(/^6\. Entretien/);
    expect(paragraph.text).not.toContain("page 1/");
    expect((await ask(relay, user, "/start n2")).text).toContain("nadir");
    const bad = await say(relay, user, "/start s99p1");
    expect(bad[0]?.text).toContain("Ce lien ne mène à aucun endroit");
    expect(bad[1]?.text).toContain("Sommaire");
  });

  it("hints toward /help for unknown commands, stickers and photos", async () => {
    const user = relay.emulator.user({ language_code: "fr" });
    expect((await ask(relay, user, "/nope")).text).toContain("/help");
    user.sendPhoto({ file_id: "AgACAgIAAxkBAAI" });
    await relay.emulator.waitForIdle();
    expect(user.lastReply?.text).toContain("/help");
  });

  it("treats a double tap (message is not modified) as success", async () => {
    const user = relay.emulator.user({ language_code: "fr" });
    const page = await ask(relay, user, "/section 5");
    const { answer } = await user.press(page, "• FR •");
    expect(answer).toBeDefined();
    await relay.emulator.waitForIdle();
    expect(relay.logs.some((l) => l.includes("handler failed"))).toBe(false);
  });

  it("answers a stale or malformed button with a short notice, never an error", async () => {
    const user = relay.emulator.user({ language_code: "fr" });
    const page = await ask(relay, user, "/section 2");
    // Forge a message whose button points at a page that does not exist.
    await relay.emulator.invoke("editMessageReplyMarkup", {
      chat_id: user.id,
      message_id: page.message_id,
      reply_markup: {
        inline_keyboard: [
          [
            { text: "old", callback_data: "pg:2:9:fr" },
            { text: "junk", callback_data: "zz" },
          ],
        ],
      },
    });
    for (const label of ["old", "junk"]) {
      const { answer } = await user.press(page.message_id, label);
      expect(answer?.text).toContain("n’est plus à jour");
    }
  });
});
