import type { Lang } from "../core/article/model.js";
import type { RenderLines } from "../core/delivery/content.js";

/** The one translation call delivery needs (i18next's fixed t, structurally). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;
export interface Texts {
  t(lang: Lang): Translate;
}

/** The lines delivery adds to an operator's text, in the reader's language. */
export const renderLines = (texts: Texts): RenderLines => ({
  missingNote: (reader, original) => texts.t(reader)(`delivery.original-${original}`),
  sourceLabel: (reader) => texts.t(reader)("delivery.source"),
});
