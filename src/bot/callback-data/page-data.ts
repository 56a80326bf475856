import { isLang, type Lang } from "../../core/article/model.js";

// Callback data stays far under Telegram's 64 bytes: "sw:999:9999:ru" is 14.

/** ◀ ▶: page `page` of `section` in edition `lang`. */
export const pageData = {
  pattern: /^pg:(\d{1,3}):(\d{1,3}):([a-z]{2})$/,
  encode: (section: number, page: number, lang: Lang) => `pg:${section}:${page}:${lang}`,
  decode(data: string): { section: number; page: number; lang: Lang } | undefined {
    const m = pageData.pattern.exec(data);
    return m && isLang(m[3]) ? { section: Number(m[1]), page: Number(m[2]), lang: m[3] } : undefined;
  },
};

/** FR · EN · RU: the page holding paragraph `paragraph` of `section`, in `lang`. */
export const switchData = {
  pattern: /^sw:(\d{1,3}):(\d{1,4}):([a-z]{2})$/,
  encode: (section: number, paragraph: number, lang: Lang) => `sw:${section}:${paragraph}:${lang}`,
  decode(data: string): { section: number; paragraph: number; lang: Lang } | undefined {
    const m = switchData.pattern.exec(data);
    return m && isLang(m[3]) ? { section: Number(m[1]), paragraph: Number(m[2]), lang: m[3] } : undefined;
  },
};

/** "Contents" under a section's last page: the table of contents as a new message. */
export const tocData = { pattern: /^toc$/, data: "toc" };

/** A new message with the page holding `paragraph` (or the first page) of `section`, in the reader's language. */
export const openData = {
  // "go:", not "op:": that prefix is the operators' (operators/op-data.ts); each codec owns its own.
  pattern: /^go:(\d{1,3})(?::(\d{1,4}))?$/,
  encode: (section: number, paragraph?: number) =>
    paragraph ? `go:${section}:${paragraph}` : `go:${section}`,
  decode(data: string): { section: number; paragraph?: number } | undefined {
    const m = openData.pattern.exec(data);
    return m ? { section: Number(m[1]), paragraph: m[2] ? Number(m[2]) : undefined } : undefined;
  },
};
