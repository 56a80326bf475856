/** The lexical side of Telegram HTML: tag attributes and character references, with tdlib's error texts. */

export const isSpace = (c: string | undefined) =>
  c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f";

/** Reads the attributes of a start tag from `from` up to its ">"; `fail` throws the parse error. */
export function readAttributes(
  src: string,
  from: number,
  tag: string,
  byteBegin: number,
  fail: (detail: string) => never,
): { attributes: Map<string, string>; end: number } {
  const attributes = new Map<string, string>();
  let i = from;
  for (;;) {
    while (i < src.length && isSpace(src[i])) i++;
    if (i >= src.length) fail(`Unclosed start tag at byte offset ${byteBegin}`);
    if (src[i] === ">") return { attributes, end: i };
    const nameBegin = i;
    while (i < src.length && !isSpace(src[i]) && src[i] !== "=" && src[i] !== ">") i++;
    const name = src.slice(nameBegin, i);
    if (name === "") fail(`Empty attribute name in the tag "${tag}" at byte offset ${byteBegin}`);
    while (i < src.length && isSpace(src[i])) i++;
    if (src[i] !== "=") {
      // Telegram's newer servers accept the bare `expandable` flag of blockquote.
      if (tag === "blockquote" && name === "expandable") {
        attributes.set(name, "");
        continue;
      }
      fail(
        `Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${byteBegin}`,
      );
    }
    i++;
    while (i < src.length && isSpace(src[i])) i++;
    if (i >= src.length) fail(`Unclosed start tag "${tag}" at byte offset ${byteBegin}`);
    let value = "";
    const quote = src[i];
    if (quote === '"' || quote === "'") {
      i++;
      while (i < src.length && src[i] !== quote) {
        const decoded = src[i] === "&" ? decodeEntity(src, i) : undefined;
        if (decoded && typeof decoded !== "string") {
          value += decoded.char;
          i = decoded.end;
        } else value += src[i++];
      }
      if (src[i] === quote) i++;
    } else {
      const tokenBegin = i;
      while (i < src.length && /[A-Za-z0-9.-]/.test(src[i] ?? "")) i++;
      value = src.slice(tokenBegin, i).toLowerCase();
      if (i < src.length && !isSpace(src[i]) && src[i] !== ">")
        fail(`Unexpected end of name token at byte offset ${Buffer.byteLength(src.slice(0, tokenBegin))}`);
    }
    if (i >= src.length) fail(`Unclosed start tag at byte offset ${byteBegin}`);
    attributes.set(name, value);
  }
}

/** Decodes one `&…` reference at `i`; returns an error text when it is not one Telegram supports. */
export function decodeEntity(src: string, i: number): { char: string; end: number } | string {
  let end = i + 1;
  let code = 0;
  if (src[end] === "#") {
    end++;
    const hex = src[end] === "x" || src[end] === "X";
    if (hex) end++;
    const digitsBegin = end;
    while (end < src.length && (hex ? /[0-9a-fA-F]/ : /[0-9]/).test(src[end] ?? "")) end++;
    const digits = src.slice(digitsBegin, end);
    code = digits ? Number.parseInt(digits, hex ? 16 : 10) : 0;
    if (
      digits.length === 0 ||
      digits.length > 7 ||
      code === 0 ||
      code >= 0x10ffff ||
      (code >= 0xd800 && code <= 0xdfff)
    )
      return "Invalid numeric character reference";
  } else {
    while (end < src.length && /[A-Za-z]/.test(src[end] ?? "")) end++;
    const name = src.slice(i + 1, end);
    const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };
    const char = named[name];
    if (char === undefined)
      return name
        ? `Unsupported HTML entity "&${name};": only &lt; &gt; &amp; &quot; and numeric ones are allowed`
        : 'Character "&" must be escaped as "&amp;"';
    code = char.charCodeAt(0);
  }
  if (src[end] === ";") end++;
  return { char: String.fromCodePoint(code), end };
}
