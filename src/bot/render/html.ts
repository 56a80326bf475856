/** The one escape for Telegram HTML: only <, > and & are special outside tags (plus " inside attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;",
  );
}

export const bold = (html: string) => `<b>${html}</b>`;
export const italic = (html: string) => `<i>${html}</i>`;
export const blockquote = (html: string) => `<blockquote>${html}</blockquote>`;
