/**
 * The first `max` UTF-16 units of `text` (Telegram counts lengths in UTF-16 units), one fewer when
 * the cut would leave half of a surrogate pair: an emoji is kept whole or dropped, never split.
 */
export function cutUtf16(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = Math.max(0, max);
  const last = text.charCodeAt(end - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end);
}
