import { type Body, concat, TEXT_LIMIT } from "./content.js";

/** How a digest's text items are spread over messages: whole items only, each message within the limit. */
export interface DigestPart {
  /** Indices into the items, in order. */
  items: number[];
  /** Whether this message opens with the digest's header (the first one, when it fits). */
  header: boolean;
}

export const DIGEST_SEPARATOR = "\n\n— — —\n\n";

/** Packs items greedily in order; an item too long to share a message gets one of its own. */
export function packDigest(headerLength: number, itemLengths: number[], limit = TEXT_LIMIT): DigestPart[] {
  const parts: DigestPart[] = [];
  let current: DigestPart | undefined;
  let used = 0;
  for (const [i, length] of itemLengths.entries()) {
    if (current && used + DIGEST_SEPARATOR.length + length <= limit) {
      current.items.push(i);
      used += DIGEST_SEPARATOR.length + length;
      continue;
    }
    const header = parts.length === 0 && headerLength + 2 + length <= limit;
    current = { items: [i], header };
    used = (header ? headerLength + 2 : 0) + length;
    parts.push(current);
  }
  return parts;
}

/** One digest message: the header (if any), then its items with separators. */
export function renderDigestPart(header: Body | undefined, items: Body[]): Body {
  const body = concat(items, DIGEST_SEPARATOR);
  return header ? concat([header, body], "\n\n") : body;
}
