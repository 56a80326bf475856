import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editionFileIds } from "../../src/db/edition-files.js";
import { writeEditions } from "../../src/editions.js";
import type { TestUser } from "../../src/sandbox/test-user.js";
import type { SentMessage } from "../../src/sandbox/types.js";
import { ask, buttons, type RelayUnderTest, say, startRelay } from "../support/relay.js";

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** Waits (on the condition, not a fixed time) until the chat holds `count` documents after `after`. */
async function documents(relay: RelayUnderTest, user: TestUser, after: number, count: number) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    await relay.emulator.waitForIdle();
    const docs = user.replies({ after }).filter((m) => m.message.document);
    if (docs.length >= count || Date.now() > deadline) return docs;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The bytes Telegram holds for a sent document (uploaded, or resent by file_id). */
function bytesOf(relay: RelayUnderTest, m: SentMessage): Buffer {
  const id = m.message.document?.file_id ?? "";
  const bytes = relay.emulator.file(id)?.bytes;
  if (!bytes) throw new Error(`no bytes for ${id}`);
  return bytes;
}

const sendDocuments = (relay: RelayUnderTest) => relay.emulator.callsTo("sendDocument").filter((c) => c.ok);

describe("/download: the whole article as files to keep", () => {
  let relay: RelayUnderTest;
  beforeAll(async () => {
    relay = await startRelay();
  });
  afterAll(async () => relay.close());

  it.each([
    ["fr", "L’article entier en français", "Le même article en français"],
    ["en", "The whole article in English", "The same article in English"],
    ["ru", "Вся статья на русском", "Та же статья на русском"],
  ] as const)(
    "%s: sends the HTML and the EPUB with caption and hash, then reuses the file_id",
    async (lang, html, epub) => {
      const user = relay.emulator.user({ language_code: lang });
      const before = sendDocuments(relay).length;
      const sent = user.send("/download");
      const [page, book] = await documents(relay, user, sent.message_id, 2);
      expect(page?.message.document?.file_name).toBe(`relay-${lang}.html`);
      expect(book?.message.document?.file_name).toBe(`relay-${lang}.epub`);
      for (const [doc, what] of [
        [page, html],
        [book, epub],
      ] as const) {
        const bytes = bytesOf(relay, doc as SentMessage);
        expect(doc?.caption).toContain(relay.app.library.edition(lang).edition.title);
        expect(doc?.caption).toContain(what);
        expect(doc?.caption).toContain(`SHA-256`);
        expect(doc?.caption).toContain(`${sha256(bytes).slice(0, 16)}…`);
        expect(doc?.caption).toContain("/download check");
        expect(doc?.caption?.length).toBeLessThanOrEqual(1024);
      }
      const text = bytesOf(relay, page as SentMessage).toString("utf8");
      expect(text).toContain(`<html lang="${lang}">`);
      // The colophon: the edition's date and where the bot is found.
      expect(text).toContain(relay.app.library.edition(lang).edition.date ?? "no date");
      expect(text).toContain(`href="https://t.me/${relay.emulator.botInfo.username}"`);
      // The first request of this language uploaded the bytes (multipart, attach://).
      const first = sendDocuments(relay).slice(before);
      expect(first.map((c) => String(c.params.document).startsWith("attach://"))).toEqual([true, true]);

      // Second request: Telegram's file_id, no upload, the same file.
      const again = user.send("/download");
      const [page2, book2] = await documents(relay, user, again.message_id, 2);
      const second = sendDocuments(relay).slice(before + 2);
      expect(second.map((c) => c.params.document)).toEqual([
        page?.message.document?.file_id,
        book?.message.document?.file_id,
      ]);
      expect(page2?.message.document?.file_id).toBe(page?.message.document?.file_id);
      expect(book2?.caption).toBe(book?.caption);

      // The full hash, and a bad argument answered with the valid choices (nothing sent).
      const check = await ask(relay, user, "/download check");
      expect(check.text).toContain(sha256(bytesOf(relay, page as SentMessage)));
      expect(check.text).toContain(sha256(bytesOf(relay, book as SentMessage)));
      expect(check.text).toContain(`sha256sum relay-${lang}.html`);
      const bad = await ask(relay, user, "/download de");
      expect(bad.text).toContain("de");
      for (const choice of ["/download fr", "/download en", "/download ru", "/download check"])
        expect(bad.text).toContain(choice);
      expect(sendDocuments(relay).length).toBe(before + 4);
    },
  );

  it("sends another language's edition on /download ru, captioned in the reader's language", async () => {
    const user = relay.emulator.user({ language_code: "en" });
    const sent = user.send("/download RU");
    const [page] = await documents(relay, user, sent.message_id, 2);
    expect(page?.message.document?.file_name).toBe("relay-ru.html");
    expect(page?.caption).toContain("in Russian");
    expect(bytesOf(relay, page as SentMessage).toString("utf8")).toContain('<html lang="ru">');
  });

  it("sends exactly the bytes npm run editions writes for the same bot", async () => {
    const dir = mkdtempSync(join(tmpdir(), "relay-editions-e2e-"));
    try {
      writeEditions(dir, relay.emulator.botInfo.username);
      const user = relay.emulator.user({ language_code: "ru" });
      const sent = user.send("/download");
      for (const doc of await documents(relay, user, sent.message_id, 2)) {
        const name = doc.message.document?.file_name ?? "?";
        expect(bytesOf(relay, doc).equals(readFileSync(join(dir, name)))).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is a button under the table of contents and the deep link ?start=dl", async () => {
    const user = relay.emulator.user({ language_code: "fr" });
    const toc = await ask(relay, user, "/sections");
    const label = buttons(toc).at(-1)?.[0] ?? "";
    expect(label).toContain("Télécharger");
    await user.press(toc, label);
    const fromButton = await documents(relay, user, toc.message_id, 2);
    expect(fromButton.map((m) => m.message.document?.file_name)).toEqual(["relay-fr.html", "relay-fr.epub"]);
    const link = user.send("/start dl");
    const fromLink = await documents(relay, user, link.message_id, 2);
    expect(fromLink.map((m) => m.message.document?.file_name)).toEqual(["relay-fr.html", "relay-fr.epub"]);
    expect(user.replies({ after: link.message_id }).filter((m) => !m.message.document)).toHaveLength(0);
  });

  it("is in /help, in the menus, and /privacy says a saved file stays on the device", async () => {
    const user = relay.emulator.user({ language_code: "ru" });
    expect((await ask(relay, user, "/help")).text).toContain("/download — ");
    expect((await ask(relay, user, "/privacy")).text).toContain("остаётся на вашем устройстве");
    const fr = relay.emulator.user({ language_code: "fr" });
    // The French notice is longer than one message allows: it comes in parts, all of which count.
    const frPrivacy = (await say(relay, fr, "/privacy")).map((m) => m.text).join("\n\n");
    expect(frPrivacy).toContain("reste sur votre appareil");
    const deadline = Date.now() + 10_000;
    while (!relay.emulator.commands({ type: "default" }, "ru") && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    for (const lang of ["fr", "en", "ru"])
      expect(relay.emulator.commands({ type: "default" }, lang)?.map((c) => c.command)).toContain("download");
  });

  it("uploads anew when the stored file_id is another edition's (another hash)", async () => {
    const user = relay.emulator.user({ language_code: "fr" });
    const ids = editionFileIds(relay.app.db);
    const warm = user.send("/download");
    const [page] = await documents(relay, user, warm.message_id, 2);
    const oldId = page?.message.document?.file_id ?? "";
    // As after a change to data/: the row holds the previous edition's hash and file_id.
    ids.save("fr", "html", "0".repeat(64), oldId);
    const before = relay.emulator.callsTo("sendDocument").length;
    const sent = user.send("/download");
    const [fresh] = await documents(relay, user, sent.message_id, 2);
    const calls = relay.emulator.callsTo("sendDocument").slice(before);
    expect(String(calls[0]?.params.document)).toMatch(/^attach:\/\//);
    expect(calls[1]?.params.document).not.toMatch(/^attach:/);
    expect(fresh?.message.document?.file_id).not.toBe(oldId);
    expect(ids.fileId("fr", "html", sha256(bytesOf(relay, fresh as SentMessage)))).toBe(
      fresh?.message.document?.file_id,
    );
  });

  it("uploads again when Telegram refuses a stored file_id, and keeps the new one", async () => {
    const user = relay.emulator.user({ language_code: "en" });
    const ids = editionFileIds(relay.app.db);
    const warm = user.send("/download");
    const [page] = await documents(relay, user, warm.message_id, 2);
    const hash = sha256(bytesOf(relay, page as SentMessage));
    // A file_id from another run of Telegram's side (or another bot): Telegram refuses it.
    ids.save("en", "html", hash, "SANDBOX-document-upload-1-1-gone");
    const before = relay.emulator.callsTo("sendDocument").length;
    const sent = user.send("/download");
    const [fresh] = await documents(relay, user, sent.message_id, 2);
    const calls = relay.emulator.callsTo("sendDocument").slice(before);
    expect(calls[0]?.error?.description).toBe("Bad Request: wrong file identifier/HTTP URL specified");
    expect(String(calls[1]?.params.document)).toMatch(/^attach:\/\//);
    expect(ids.fileId("en", "html", hash)).toBe(fresh?.message.document?.file_id);
    expect(bytesOf(relay, fresh as SentMessage).equals(bytesOf(relay, page as SentMessage))).toBe(true);
  });

  it("gets the document through a 429 and a 502, once each, and says so when Telegram refuses it", async () => {
    const user = relay.emulator.user({ language_code: "ru" });
    relay.emulator.faults.failNext("sendDocument", {
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      parameters: { retry_after: 1 },
    });
    relay.emulator.faults.failNext("sendDocument", { error_code: 502, description: "Bad Gateway" });
    const sent = user.send("/download");
    const docs = await documents(relay, user, sent.message_id, 2);
    expect(docs.map((m) => m.message.document?.file_name)).toEqual(["relay-ru.html", "relay-ru.epub"]);
    await relay.emulator.waitForIdle();
    expect(user.replies({ after: sent.message_id })).toHaveLength(2);

    relay.emulator.faults.failNext("sendDocument", {
      error_code: 413,
      description: "Request Entity Too Large",
    });
    const failing = user.send("/download");
    const deadline = Date.now() + 20_000;
    while (user.replies({ after: failing.message_id }).length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const replies = user.replies({ after: failing.message_id });
    expect(replies.map((m) => m.text)).toEqual([expect.stringContaining("/download")]);
    expect(replies[0]?.message.document).toBeUndefined();
  }, 30_000);
});

describe("nothing about the reader is in the file", () => {
  it("sends the same bytes to two different readers of two separate bots, naming neither", async () => {
    const a = await startRelay();
    const b = await startRelay();
    try {
      const alice = a.emulator.user({ first_name: "Alice", username: "alice_kz", language_code: "en" });
      const boris = b.emulator.user({ first_name: "Борис", username: "boris_almaty", language_code: "ru" });
      const one = alice.send("/download en");
      const two = boris.send("/download en");
      const fromA = await documents(a, alice, one.message_id, 2);
      const fromB = await documents(b, boris, two.message_id, 2);
      expect(fromA).toHaveLength(2);
      for (const [i, m] of fromA.entries()) {
        const mine = bytesOf(a, m);
        const theirs = bytesOf(b, fromB[i] as SentMessage);
        expect(mine.equals(theirs)).toBe(true);
        const text = mine.toString("latin1");
        for (const who of [alice, boris])
          for (const trace of [String(who.id), who.user.first_name, who.user.username ?? "?"])
            expect(text).not.toContain(Buffer.from(trace).toString("latin1"));
      }
    } finally {
      await a.close();
      await b.close();
    }
  }, 30_000);
});
