import { createHash } from "node:crypto";
import type { Edition, Lang } from "../article/model.js";
import { editionEpub } from "./epub-file.js";
import { editionHtml } from "./html-file.js";
import type { EditionTexts } from "./markup.js";

export const EDITION_FORMATS = ["html", "epub"] as const;
export type EditionFormat = (typeof EDITION_FORMATS)[number];

const MIME: Record<EditionFormat, string> = { html: "text/html", epub: "application/epub+zip" };

/** One offline file, built once and kept in memory: its bytes and what identifies them. */
export interface EditionFile {
  lang: Lang;
  format: EditionFormat;
  /** Neutral and short: relay-fr.html, relay-ru.epub. */
  name: string;
  mime: string;
  bytes: Buffer;
  /** Lowercase hex SHA-256 of `bytes`: what a copy passed from hand to hand is checked against. */
  sha256: string;
}

/** The first 16 hex characters of a hash, as the caption shows it. */
export const shortHash = (sha256: string) => sha256.slice(0, 16);

/** Builds one edition's file in one format (pure: the same edition and texts give the same bytes). */
export function buildEditionFile(edition: Edition, texts: EditionTexts, format: EditionFormat): EditionFile {
  const bytes = format === "html" ? editionHtml(edition, texts) : editionEpub(edition, texts);
  return {
    lang: edition.lang,
    format,
    name: `relay-${edition.lang}.${format}`,
    mime: MIME[format],
    bytes,
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
}
