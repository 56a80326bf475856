import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LANGS } from "../../../core/article/model.js";
import { createTranslator } from "../../i18n.js";
import { privacyMessage, privacyMessages } from "./index.js";

const translator = createTranslator(join(import.meta.dirname, "..", "..", "..", "..", "locales"));
/** What Telegram counts: the text once the HTML is parsed. */
const visible = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

describe("privacyMessages", () => {
  it.each(LANGS)("splits the %s notice between whole blocks, each part within Telegram's 4096", (lang) => {
    const facts = { auditKeyHours: 8_760, backupKeep: 365 };
    const parts = privacyMessages(translator.t(lang), facts);
    for (const part of parts) expect(visible(part).length).toBeLessThanOrEqual(4_096);
    // Nothing lost, nothing cut: the parts are the whole notice.
    expect(parts.join("\n\n")).toBe(privacyMessage(translator.t(lang), facts));
  });
});
