/** The article's body as markup that is both valid HTML5 and well-formed XHTML, for the HTML file and the EPUB. */
import type { Edition, Paragraph } from "../article/model.js";
import { citeMarker } from "../article/text.js";

/** Every word the files print around the article, already in the edition's language. */
export interface EditionTexts {
  /** "Contents". */
  contents: string;
  /** "Notes". */
  notes: string;
  /** The untitled introduction's name, as the bot shows it. */
  introTitle: string;
  /** Label of a footnote's link back to where it is cited. */
  backToText: string;
  /** "About this file". */
  colophonTitle: string;
  /** Colophon lines: source, edition language and date, where the bot is found (`href` makes a link). */
  colophon: Array<{ text: string; href?: string }>;
}

/** The one escape for HTML and XHTML text and attribute values. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"]/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;",
  );
}

/** A section's heading as the bot shows it: "2. La prison des nations". */
export function headingOf(edition: Edition, section: number, texts: EditionTexts): string {
  return `${section}. ${edition.sections[section - 1]?.title ?? texts.introTitle}`;
}

/** A citation links to its note (id n2) and is the note's way back (id c2); the bot shows it as bold [2]. */
function paragraphInner(p: Paragraph, noteHref: (n: number) => string, epub: boolean): string {
  const type = epub ? ' epub:type="noteref"' : "";
  return p.inlines
    .map((s) =>
      s.kind === "text"
        ? escapeMarkup(s.text)
        : `<a class="cite" id="c${s.note}" href="${noteHref(s.note)}"${type}><b>${citeMarker(s.note)}</b></a>`,
    )
    .join("");
}

/** One paragraph, its id the bot's deep link (s3p12); quotes as blockquotes and questions bold italic, as in the bot. */
function paragraphMarkup(p: Paragraph, noteHref: (n: number) => string, epub: boolean): string {
  const id = `s${p.section}p${p.index}`;
  const inner = paragraphInner(p, noteHref, epub);
  if (p.kind === "quote") return `<blockquote id="${id}"><p>${inner}</p></blockquote>`;
  if (p.kind === "question") return `<p id="${id}" class="question"><b><i>${inner}</i></b></p>`;
  if (p.kind === "item") return `<p id="${id}" class="item">${inner}</p>`;
  return `<p id="${id}">${inner}</p>`;
}

export interface BodyOptions {
  /** EPUB: noteref/endnotes semantics; the contents live in the navigation document instead. */
  epub: boolean;
  /** Where a section's heading is, seen from the contents (same file: "#s3"). */
  sectionHref?: (section: number) => string;
}

/** The title, contents (HTML only), every section, the notes and the colophon. */
export function bodyMarkup(edition: Edition, texts: EditionTexts, opts: BodyOptions): string {
  const noteHref = (n: number) => `#n${n}`;
  const sectionHref = opts.sectionHref ?? ((s: number) => `#s${s}`);
  const out: string[] = [`<h1>${escapeMarkup(edition.title)}</h1>`];
  if (!opts.epub) {
    out.push(`<nav id="contents"><h2>${escapeMarkup(texts.contents)}</h2><ol>`);
    for (const s of edition.sections)
      out.push(
        `<li><a href="${sectionHref(s.number)}">${escapeMarkup(headingOf(edition, s.number, texts))}</a></li>`,
      );
    out.push(`<li><a href="#notes">${escapeMarkup(texts.notes)}</a></li></ol></nav>`);
  }
  for (const s of edition.sections) {
    out.push(`<section id="s${s.number}">`);
    out.push(`<h2>${escapeMarkup(headingOf(edition, s.number, texts))}</h2>`);
    for (const p of s.paragraphs) out.push(paragraphMarkup(p, noteHref, opts.epub));
    out.push("</section>");
  }
  out.push(`<section id="notes"${opts.epub ? ' epub:type="endnotes"' : ""}>`);
  out.push(`<h2>${escapeMarkup(texts.notes)}</h2><ol>`);
  for (const n of edition.notes) {
    const type = opts.epub ? ' epub:type="endnote"' : "";
    const label = escapeMarkup(texts.backToText);
    const back = `<a class="back" href="#c${n.number}" title="${label}" aria-label="${label}">↩</a>`;
    out.push(`<li id="n${n.number}"${type}><p>${escapeMarkup(n.text)} ${back}</p></li>`);
  }
  out.push("</ol></section>");
  out.push(`<footer id="colophon"><h2>${escapeMarkup(texts.colophonTitle)}</h2>`);
  for (const line of texts.colophon) {
    const text = escapeMarkup(line.text);
    out.push(line.href ? `<p><a href="${escapeMarkup(line.href)}">${text}</a></p>` : `<p>${text}</p>`);
  }
  out.push("</footer>");
  return out.join("\n");
}

/** The stylesheet, inline in the HTML and a file in the EPUB: system fonts only, fluid down to 320 px. */
export const EDITION_CSS = `html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0 auto;max-width:40em;padding:1em 1.1em 3em;font:1.05em/1.6 Georgia,"Times New Roman",serif;color:#1b1b1b;background:#fffdf8;overflow-wrap:break-word;word-wrap:break-word;hyphens:auto}
h1{font-size:1.6em;line-height:1.25;margin:.6em 0}
h2{font-size:1.25em;line-height:1.3;margin:1.8em 0 .6em}
a{color:#1d5fa8}
#notes ol{padding-left:1.6em}
nav ol{list-style:none;padding-left:0}
nav li{margin:.45em 0}
blockquote{margin:1em 0;padding:.1em 0 .1em .9em;border-left:.25em solid #5b8ec9;color:#2a2a2a}
p.question{margin-top:1.6em}
p.item{padding-left:1em}
a.cite{text-decoration:none}
a.back{text-decoration:none;padding:0 .3em}
:target{background:#fff2b3}
#colophon{margin-top:3em;border-top:1px solid #bbb;font-size:.9em;color:#444}
@media (prefers-color-scheme:dark){body{background:#16181b;color:#e4e4e4}a{color:#8ab8f0}blockquote{color:#d8d8d8}:target{background:#4a4220}#colophon{color:#aaa}}`;
