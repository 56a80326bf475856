import { InlineKeyboard } from "grammy";
import type { Library } from "../../../core/article/library.js";
import { isLang, LANGS, type Lang } from "../../../core/article/model.js";
import type { Located } from "../../../core/search/locate.js";
import { openData } from "../../callback-data/page-data.js";
import type { Translate } from "../../i18n.js";
import { type RenderedMessage, sectionTitle } from "../../render/article.js";
import { escapeHtml } from "../../render/html.js";
import { LANGUAGE_LABELS } from "../../render/languages.js";

/** "ol:3:12:en": the page holding paragraph 12 of section 3, in English, as a new message. */
export const openInData = {
  pattern: /^ol:(\d{1,3}):(\d{1,4}):([a-z]{2})$/,
  encode: (section: number, paragraph: number, lang: Lang) => `ol:${section}:${paragraph}:${lang}`,
  decode(data: string): { section: number; paragraph: number; lang: Lang } | undefined {
    const m = openInData.pattern.exec(data);
    return m && isLang(m[3]) ? { section: Number(m[1]), paragraph: Number(m[2]), lang: m[3] } : undefined;
  },
};

/** Where a forwarded or pasted passage comes from, with buttons to that place in each language. */
export function renderLocated(
  t: Translate,
  library: Library,
  found: Extract<Located, { kind: "paragraph" }>,
  readerLang: Lang,
): RenderedMessage {
  const { edition } = library.edition(readerLang);
  const text = t("ask.located", {
    section: found.section,
    title: sectionTitle(t, edition, found.section),
    paragraph: found.paragraph,
    language: t(`language.name-${found.lang}`),
  });
  const kb = new InlineKeyboard()
    .text(t("ask.open-place"), openData.encode(found.section, found.paragraph))
    .row();
  for (const lang of LANGS) {
    if (lang === readerLang || !library.article.editions[lang]) continue;
    kb.text(
      t("ask.read-in", { language: LANGUAGE_LABELS[lang] }),
      openInData.encode(found.section, found.paragraph, lang),
    );
  }
  return {
    text: escapeHtml(text),
    options: { parse_mode: "HTML", reply_markup: kb, link_preview_options: { is_disabled: true } },
  };
}
