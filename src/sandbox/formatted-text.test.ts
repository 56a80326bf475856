import { describe, expect, it } from "vitest";
import { parseHtml } from "./parse-html.js";
import { parseMarkdownV2 } from "./parse-markdown.js";
import { validateCall } from "./validate.js";

const send = (text: string, parse_mode?: string, extra: Record<string, unknown> = {}) =>
  validateCall("sendMessage", { chat_id: 1, text, parse_mode, ...extra });

const parseError = (detail: string) => ({
  ok: false,
  error_code: 400,
  description: `Bad Request: can't parse entities: ${detail}`,
});

describe("parse_mode HTML", () => {
  it("rejects an unescaped < and accepts &lt;", () => {
    expect(send("a < b", "HTML")).toEqual(parseError('Unsupported start tag "" at byte offset 2'));
    expect(send("a &lt; b", "HTML")).toEqual({ ok: true });
    expect(parseHtml("a &lt; b &gt; c &amp; &quot;d&quot; &#65;&#x42;").text).toBe('a < b > c & "d" AB');
  });

  it("rejects unsupported tags with Telegram's byte offsets", () => {
    expect(send("é <foo>x</foo>", "HTML")).toEqual(
      parseError('Unsupported start tag "foo" at byte offset 3'),
    );
    expect(send("<b>x</i>", "HTML")).toEqual(
      parseError('Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
    );
    expect(send("<b>x", "HTML")).toEqual(parseError('Can\'t find end tag corresponding to start tag "b"'));
    expect(send("x</b>", "HTML")).toEqual(parseError("Unexpected end tag at byte offset 1"));
    expect(send('<span class="x">y</span>', "HTML")).toEqual(
      parseError('Tag "span" must have class "tg-spoiler" at byte offset 0'),
    );
  });

  it("accepts only &lt; &gt; &amp; &quot; and numeric entities", () => {
    expect(send("a&nbsp;b", "HTML")).toMatchObject({ ok: false, error_code: 400 });
    expect(send("AT&T", "HTML")).toMatchObject({ ok: false, error_code: 400 });
    expect(send("fish & chips", "HTML")).toMatchObject({ ok: false, error_code: 400 });
    expect(send("&#0;", "HTML")).toMatchObject({ ok: false, error_code: 400 });
    expect(send("fish &amp; chips", "HTML")).toEqual({ ok: true });
  });

  it("builds nested entities, links, pre with a language and expandable quotes", () => {
    const parsed = parseHtml(
      '<b>bold <i>both</i></b> <a href="https://t.me/x?start=a&amp;b">link</a>\n' +
        '<pre><code class="language-ts">let x</code></pre><blockquote expandable>q</blockquote>',
    );
    expect(parsed.text).toBe("bold both link\nlet xq");
    expect(parsed.entities).toEqual([
      { type: "bold", offset: 0, length: 9 },
      { type: "italic", offset: 5, length: 4 },
      { type: "text_link", offset: 10, length: 4, url: "https://t.me/x?start=a&b" },
      { type: "pre", offset: 15, length: 5, language: "ts" },
      { type: "expandable_blockquote", offset: 20, length: 1 },
    ]);
    expect(parseHtml('<code class="language-ts">x</code>').entities).toEqual([
      { type: "code", offset: 0, length: 1 },
    ]);
  });

  it("counts 4096 characters after parsing, &amp; being one", () => {
    const at = (n: number) => `<b>${"x".repeat(n - 1)}</b>&amp;`;
    expect(send(at(4096), "HTML")).toEqual({ ok: true });
    expect(send(at(4097), "HTML")).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: message is too long",
    });
  });

  it("refuses empty text after parsing and raw text over 32768 bytes", () => {
    const empty = { ok: false, error_code: 400, description: "Bad Request: message text is empty" };
    expect(send("<b> </b>\n", "HTML")).toEqual(empty);
    expect(send("")).toEqual(empty);
    expect(validateCall("sendMessage", { chat_id: 1 })).toEqual(empty);
    expect(send("я".repeat(16_385))).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: text is too long",
    });
  });

  it("limits captions to 1024 characters after parsing", () => {
    const photo = (caption: string) =>
      validateCall("sendPhoto", { chat_id: 1, photo: "file", caption, parse_mode: "HTML" });
    expect(photo(`<i>${"c".repeat(1024)}</i>`)).toEqual({ ok: true });
    expect(photo("c".repeat(1025))).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: message caption is too long",
    });
  });
});

describe("parse_mode MarkdownV2", () => {
  it("requires reserved characters to be escaped", () => {
    expect(send("Hello.", "MarkdownV2")).toEqual(
      parseError("Character '.' is reserved and must be escaped with the preceding '\\'"),
    );
    expect(
      send("Hello\\. *bold* _it_ __u__ ~s~ ||sp|| `c\\`` [l](https://x.org/a\\)b)", "MarkdownV2"),
    ).toEqual({ ok: true });
    const parsed = parseMarkdownV2("*b _i_*\\!");
    expect(parsed).toEqual({
      text: "b i!",
      entities: [
        { type: "bold", offset: 0, length: 3 },
        { type: "italic", offset: 2, length: 1 },
      ],
    });
    expect(send("*open", "MarkdownV2")).toEqual(parseError("Can't find end of Bold entity at byte offset 0"));
  });
});

describe("explicit entities", () => {
  it("checks offsets and lengths in UTF-16 code units", () => {
    const text = "😀 ok"; // the emoji is two UTF-16 code units
    const ok = send(text, undefined, { entities: [{ type: "bold", offset: 3, length: 2 }] });
    expect(ok).toEqual({ ok: true });
    expect(send(text, undefined, { entities: [{ type: "bold", offset: 3, length: 3 }] })).toEqual(
      parseError("Entity beginning at UTF-16 offset 3 ends after the end of the text at UTF-16 offset 6"),
    );
    expect(send(text, undefined, { entities: [{ type: "bold", offset: 6, length: 1 }] })).toEqual(
      parseError("Entity begins after the end of the text at UTF-16 offset 6"),
    );
    expect(
      send(text, undefined, { entities: JSON.stringify([{ type: "shout", offset: 0, length: 1 }]) }),
    ).toMatchObject({
      ok: false,
      error_code: 400,
    });
  });
});
