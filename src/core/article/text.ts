import type { Paragraph } from "./model.js";

/** How a citation reads in plain text; the HTML renderer uses the same characters, so lengths agree. */
export const citeMarker = (note: number) => `[${note}]`;

/** The paragraph as a reader sees it, citations as [N]. */
export function visibleText(p: Paragraph): string {
  return p.inlines.map((s) => (s.kind === "text" ? s.text : citeMarker(s.note))).join("");
}

// A sentence ends at . ! ? … (optionally followed by closing quotes) before a space and a capital, digit or opening quote.
const BOUNDARY = /(?<=[.!?…][»”"’)]*)\s+(?=[«“"([\p{Lu}\p{N}—–-])/gu;

/** Splits text into sentences, keeping every character (joining the parts with one space restores it). */
export function sentences(text: string): string[] {
  return text.split(BOUNDARY).filter((s) => s.length > 0);
}
