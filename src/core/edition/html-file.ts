import type { Edition } from "../article/model.js";
import { bodyMarkup, EDITION_CSS, type EditionTexts, escapeMarkup } from "./markup.js";

/**
 * The whole edition as one self-contained HTML page: no script, no font, no image, no stylesheet or
 * frame to fetch, and a Content-Security-Policy that forbids any load even if a later edit adds one.
 */
export function editionHtml(edition: Edition, texts: EditionTexts): Buffer {
  const html = `<!DOCTYPE html>
<html lang="${edition.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeMarkup(edition.title)}</title>
<style>
${EDITION_CSS}
</style>
</head>
<body>
${bodyMarkup(edition, texts, { epub: false })}
</body>
</html>
`;
  return Buffer.from(html, "utf8");
}
