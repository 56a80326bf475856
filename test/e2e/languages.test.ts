import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ask, buttons, type RelayUnderTest, say, startRelay } from "../support/relay.js";

const DATA = join(import.meta.dirname, "../../data");

describe("three editions and the language switch", () => {
  let relay: RelayUnderTest;
  beforeAll(async () => {
    relay = await startRelay();
  });
  afterAll(async () => relay.close());

  it("reads section 2 in Russian, then switches to English in place, keeping the place", async () => {
    const user = relay.emulator.user({ language_code: "ru" });
    const page = await ask(relay, user, "/section 2");
    expect(page.text).toMatch(/^2\. Тюрьма народов/i);
    expect(page.text).not.toContain("ещё нет на русском");
    expect(buttons(page).at(-2)).toEqual(["FR", "EN", "• RU •"]);
    await user.press(page, "EN");
    await relay.emulator.waitForIdle();
    const switched = user.replies().find((m) => m.message_id === page.message_id);
    expect(switched?.edited).toBe(true);
    expect(switched?.text).toMatch(/^2\. The Prison of Nations/i);
    expect(buttons(switched).at(-2)).toEqual(["FR", "• EN •", "RU"]);
    // The switch changes this page only: the interface stays Russian until /lang (issue 15).
    expect((await say(relay, user, "/start"))[0]?.text).toContain("Здравствуйте");
  });

  it("switches on page k of a long section to the page holding the same first paragraph", async () => {
    const user = relay.emulator.user({ language_code: "ru" });
    let page = await ask(relay, user, "/section 6");
    for (let k = 1; k < 4; k++) {
      await user.press(page, "Вперёд ▶");
      await relay.emulator.waitForIdle();
      page = user.replies().find((m) => m.message_id === page.message_id) ?? page;
    }
    expect(page.text).toContain("страница 4/");
    const firstRu = Number(/"sw:6:(\d+):en"/.exec(JSON.stringify(page.reply_markup))?.[1]);
    const paragraph = relay.app.library.article.editions.en?.sections[5]?.paragraphs[firstRu - 1];
    await user.press(page, "EN");
    await relay.emulator.waitForIdle();
    const english = user.replies().find((m) => m.message_id === page.message_id);
    const opening = paragraph?.text.slice(0, 60) ?? "missing";
    expect(english?.text).toContain(opening);
    expect(english?.text).toMatch(/страница \d+\/\d+/); // the page's chrome stays in the interface language
  });

  it("pages a passage opened in another language in that language, without a fallback notice", async () => {
    const user = relay.emulator.user({ language_code: "fr" });
    const sender = relay.emulator.user({ language_code: "fr" });
    const text = relay.app.library.article.editions.fr.sections[5]?.paragraphs[0]?.text ?? "";
    const fwd = user.forward({ text }, { type: "user", sender_user: sender.user });
    await relay.emulator.waitForIdle();
    const located = user.replies({ after: fwd.message_id })[0];
    await user.press(located as never, "Lire en EN");
    await relay.emulator.waitForIdle();
    const english = user.lastReply;
    expect(english?.text).toMatch(/^6\. Interview/);
    await user.press(english as never, "Suivante ▶");
    await relay.emulator.waitForIdle();
    const next = user.replies().find((m) => m.message_id === english?.message_id);
    expect(next?.text).toMatch(/^6\. Interview/);
    expect(next?.text).not.toContain("pas encore traduit");
    expect(buttons(next).at(-2)).toEqual(["FR", "• EN •", "RU"]);
  });

  it.each([
    ["fr", "Note 4", "Asya Tulesova"],
    ["en", "Footnote 4", "Asya Tulesova"],
    ["ru", "Сноска 4", "Ася Тулесова"],
  ])("answers /note 4 in %s", async (code, title, name) => {
    const user = relay.emulator.user({ language_code: code });
    const note = await ask(relay, user, "/note 4");
    expect(note.text?.split("\n")[0]).toBe(title);
    expect(note.text).toContain(name);
    await user.press(note, buttons(note)[0]?.[0] ?? "");
    await relay.emulator.waitForIdle();
    expect(user.lastReply?.text).toMatch(/^6\. /);
  });

  it("opens deep links and footnote buttons in every language", async () => {
    for (const [code, title] of [
      ["en", "Footnote 2"],
      ["ru", "Сноска 2"],
    ]) {
      const user = relay.emulator.user({ language_code: code });
      const page = await ask(relay, user, "/start s4p8");
      await user.press(
        page,
        buttons(page)
          .flat()
          .find((b) => b.includes("2")) ?? "",
      );
      await relay.emulator.waitForIdle();
      expect(user.lastReply?.text?.split("\n")[0]).toBe(title);
    }
  });
});

describe("while an edition is missing", () => {
  let relay: RelayUnderTest;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "relay-data-"));
    copyFileSync(join(DATA, "article.fr.md"), join(dir, "article.fr.md"));
    copyFileSync(join(DATA, "article.en.md"), join(dir, "article.en.md"));
    relay = await startRelay({ dataDir: dir });
  });
  afterAll(async () => {
    await relay.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves the French with a one-line localized notice, and no notice where the edition exists", async () => {
    const ru = relay.emulator.user({ language_code: "ru" });
    const page = await ask(relay, ru, "/section 2");
    expect(page.text).toContain("Этого текста ещё нет на русском");
    expect(page.text).toContain("La prison des nations");
    expect((await ask(relay, ru, "/note 3")).text).toContain("ещё нет на русском");
    const en = relay.emulator.user({ language_code: "en" });
    expect((await ask(relay, en, "/section 2")).text).not.toContain("not available in English");
  });
});
