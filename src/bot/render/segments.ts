import type { Segment } from "../../core/search/excerpt.js";
import { bold, escapeHtml } from "./html.js";

/** An excerpt as Telegram HTML, matched words in bold. */
export function segmentsHtml(segments: Segment[]): string {
  return segments.map((s) => (s.marked ? bold(escapeHtml(s.text)) : escapeHtml(s.text))).join("");
}

export function segmentsText(segments: Segment[]): string {
  return segments.map((s) => s.text).join("");
}
