import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLibrary } from "../../core/article/library.js";
import { loadArticle } from "../../core/article/load.js";
import type { Lang } from "../../core/article/model.js";
import { createTranslator } from "../i18n.js";
import { renderNote } from "./note.js";
import { MARK, renderContents, renderPage } from "./page.js";
import { readingViews } from "./reading-views.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const library = createLibrary(loadArticle(join(ROOT, "data")));
const translator = createTranslator(join(ROOT, "locales"));
const reader = (lang: Lang, share = true) => ({ lang, me: { supports_inline_queries: share } }) as never;

/** A section of several pages, for ◀ ▶. */
const section = library.article.editions.fr.sections
  .map((s) => s.number)
  .find((n) => (library.pages(library.edition("fr").edition, n)?.length ?? 0) > 1) as number;

describe("reading views", () => {
  it("serves the same frozen page object on every call for one place and language", () => {
    const views = readingViews(library, translator);
    const first = views.page(reader("ru"), section);
    expect(first).toBeDefined();
    expect(views.page(reader("ru"), section)).toBe(first);
    expect(views.pageNumber(reader("ru"), "ru", section, 1)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.options.reply_markup.inline_keyboard[0])).toBe(true);
    const second = views.pageNumber(reader("ru"), "ru", section, 2);
    expect(second).not.toBe(first);
    expect(views.pageNumber(reader("ru"), "ru", section, 2)).toBe(second);
  });

  it("renders exactly what the renderers render, per reader language, edition and sharing", () => {
    const views = readingViews(library, translator);
    for (const lang of ["fr", "en", "ru"] as const)
      for (const shown of ["fr", "en", "ru"] as const)
        for (const share of [true, false]) {
          const { edition, fallback } = library.edition(shown);
          const page = library.pages(edition, section)?.[0];
          if (!page) throw new Error("no first page");
          const expected = renderPage(translator.t(lang), edition, page, {
            readerLang: shown,
            fallback,
            canShare: share,
          });
          expect(
            JSON.parse(JSON.stringify(views.pageNumber(reader(lang, share), shown, section, 1))),
          ).toEqual(JSON.parse(JSON.stringify(expected)));
        }
  });

  it("keeps each reader language apart", () => {
    const views = readingViews(library, translator);
    const fr = views.page(reader("fr"), section);
    const en = views.page(reader("en"), section);
    // The same French edition shown to an English reader: English buttons, not the French reader's page.
    const frForEn = views.page(reader("en"), section, undefined, "fr");
    expect(en).not.toBe(fr);
    expect(en?.text).not.toBe(fr?.text);
    expect(frForEn).not.toBe(fr);
    expect(frForEn?.options.reply_markup.inline_keyboard).not.toEqual(
      fr?.options.reply_markup.inline_keyboard,
    );
    expect(views.contents(reader("fr"))).toBe(views.contents(reader("fr")));
    expect(views.contents(reader("ru"))).not.toBe(views.contents(reader("fr")));
    const { edition } = library.edition("ru");
    expect(JSON.stringify(views.contents(reader("ru")))).toBe(
      JSON.stringify(
        renderContents(translator.t("ru"), edition, (s) => library.pages(edition, s)?.length ?? 1),
      ),
    );
  });

  it("keeps footnotes that exist, one object per language, and nothing for a number that is none", () => {
    const views = readingViews(library, translator);
    const note = views.note(reader("en"), 2);
    expect(note).toBe(views.note(reader("en"), 2));
    expect(note).not.toBe(views.note(reader("fr"), 2));
    expect(JSON.stringify(note)).toBe(JSON.stringify(renderNote(translator.t("en"), library, "en", 2)));
    expect(views.note(reader("en"), library.noteCount + 1)).toBeUndefined();
    expect(views.note(reader("en"), 0)).toBeUndefined();
  });

  it("renders a page with ▶ on one paragraph each time, leaving the plain page as it was", () => {
    const views = readingViews(library, translator);
    const plain = views.page(reader("fr"), section);
    const paragraph = library.pages(library.edition("fr").edition, section)?.[0]?.items[1]?.paragraph.index;
    const marked = views.page(reader("fr"), section, paragraph, "fr", true);
    expect(marked).not.toBe(plain);
    expect(marked?.text).toContain(MARK);
    expect(plain?.text).not.toContain(MARK);
    expect(views.page(reader("fr"), section, paragraph)).toBe(plain);
  });
});
