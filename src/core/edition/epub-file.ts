import { createHash } from "node:crypto";
import type { Edition } from "../article/model.js";
import { bodyMarkup, EDITION_CSS, type EditionTexts, escapeMarkup, headingOf } from "./markup.js";
import { zip } from "./zip.js";

const CONTAINER = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
`;

const xhtml = (lang: string, title: string, body: string, extraHead = "") =>
  `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="${lang}" xml:lang="${lang}">
<head>
<meta charset="utf-8"/>
<title>${escapeMarkup(title)}</title>
<link rel="stylesheet" type="text/css" href="style.css"/>${extraHead}
</head>
<body>
${body}
</body>
</html>
`;

/**
 * A name-based UUID (version 5 layout) from the edition's text: the same text always gets the same
 * identifier, and nothing about when or for whom the file was built goes into it.
 */
function contentUuid(edition: Edition, text: string): string {
  const h = createHash("sha256").update(`relay:${edition.lang}:`).update(text).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x50;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The same content as the HTML file as an EPUB 3: one text document, a navigation document, one stylesheet. */
export function editionEpub(edition: Edition, texts: EditionTexts): Buffer {
  const lang = edition.lang;
  const text = xhtml(lang, edition.title, bodyMarkup(edition, texts, { epub: true }));
  const navItems = edition.sections
    .map(
      (s) =>
        `<li><a href="text.xhtml#s${s.number}">${escapeMarkup(headingOf(edition, s.number, texts))}</a></li>`,
    )
    .join("\n");
  const nav = xhtml(
    lang,
    texts.contents,
    `<nav epub:type="toc" id="toc"><h1>${escapeMarkup(texts.contents)}</h1><ol>
${navItems}
<li><a href="text.xhtml#notes">${escapeMarkup(texts.notes)}</a></li>
</ol></nav>`,
  );
  // dcterms:modified is required; the edition's own date keeps it free of any build time.
  const modified = `${edition.date ?? "2000-01-01"}T00:00:00Z`;
  const opf = `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="${lang}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="uid">urn:uuid:${contentUuid(edition, text)}</dc:identifier>
<dc:title>${escapeMarkup(edition.title)}</dc:title>
<dc:language>${lang}</dc:language>
<meta property="dcterms:modified">${modified}</meta>
</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="text" href="text.xhtml" media-type="application/xhtml+xml"/>
<item id="css" href="style.css" media-type="text/css"/>
</manifest>
<spine>
<itemref idref="text"/>
</spine>
</package>
`;
  return zip([
    { name: "mimetype", data: Buffer.from("application/epub+zip", "ascii") },
    { name: "META-INF/container.xml", data: Buffer.from(CONTAINER, "utf8") },
    { name: "EPUB/package.opf", data: Buffer.from(opf, "utf8") },
    { name: "EPUB/nav.xhtml", data: Buffer.from(nav, "utf8") },
    { name: "EPUB/text.xhtml", data: Buffer.from(text, "utf8") },
    { name: "EPUB/style.css", data: Buffer.from(EDITION_CSS, "utf8") },
  ]);
}
