/** Generators of hostile input: what an attacker, a broken client or plain bad luck can put in an update. */
import fc from "fast-check";

/** Characters that break naive code: direction marks, joiners, combining marks, BOM, lone surrogates… */
export const ODD_CHARS = [
  "\u200E", // LRM
  "\u200F", // RLM
  "\u202E", // RLO
  "\u202A",
  "\u2066",
  "\u2067",
  "\u2069",
  "\u200D", // ZWJ
  "\u200C", // ZWNJ
  "\u200B", // zero-width space
  "\u2060",
  "\uFEFF", // BOM
  "\u0301", // combining acute
  "\u0336", // combining long stroke
  "\u20DD",
  "\uFE0F", // variation selector
  "\u00A0",
  "\u2028",
  "\u2029",
  "\u0000",
  "\u001B",
  "\uD800", // lone high surrogate
  "\uDFFF", // lone low surrogate
  "\uDBFF\uDBFF",
  "👩‍👩‍👧‍👦",
  "🏳️‍🌈",
  "🇰🇿",
  "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǵ̴̗̯̋o̺",
  "שלום",
  "مرحبا",
  "Қазақстан",
  "Ё",
  "𝕏",
  "\t",
  "\n",
  "\r\n",
];

/** Pieces that look like markup to a renderer that forgets to escape. */
export const MARKUP_PIECES = [
  "<b>",
  "</b>",
  "<i>",
  '<a href="javascript:alert(1)">',
  "<a href='tg://user?id=1'>",
  "</a>",
  '<pre><code class="language-x">',
  "<tg-spoiler>",
  "<blockquote expandable>",
  "<script>",
  "<!--",
  "-->",
  "&",
  "&amp;",
  "&lt;",
  "&#0;",
  "&#x110000;",
  "&nbsp;",
  "<",
  ">",
  '"',
  "'",
  "*bold*",
  "_it_",
  "__u__",
  "~s~",
  "||sp||",
  "`code`",
  "```\npre\n```",
  "[link](http://example.org)",
  "[x](tg://user?id=123456789)",
  "![e](tg://emoji?id=1)",
  "\\",
  "\\*",
  ">quote",
  "{{count}}",
  "$(rm -rf /)",
  "'; DROP TABLE subscriber; --",
  "%s%n",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text is the hostile input.
  "${process.env.DATA_KEY}",
  "__proto__",
  "constructor",
];

const lone = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Any text: code points of every plane, odd characters and lone surrogates (as far as JSON carries them). */
export const anyText = (maxLength = 200) =>
  fc.string({
    unit: fc.oneof(
      { weight: 6, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
      { weight: 3, arbitrary: fc.constantFrom(...ODD_CHARS) },
      { weight: 1, arbitrary: lone },
      { weight: 2, arbitrary: fc.constantFrom(...MARKUP_PIECES) },
      { weight: 4, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
    ),
    maxLength,
  });

/** Text built mostly from odd Unicode: RTL marks, joiners, combining marks, lone surrogates, emoji. */
export const unicodeText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...ODD_CHARS),
      lone,
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 3 }),
    ),
    {
      minLength: 1,
      maxLength: 40,
    },
  )
  .map((parts) => parts.join(""));

/** Text that looks like HTML or Markdown. */
export const markupText = fc
  .array(fc.oneof(fc.constantFrom(...MARKUP_PIECES), fc.string({ unit: "grapheme-ascii", maxLength: 8 })), {
    minLength: 1,
    maxLength: 30,
  })
  .map((parts) => parts.join(""));

/** Every command a person can send, public and operator, plus near misses. */
export const COMMANDS = [
  "start",
  "help",
  "privacy",
  "lang",
  "sections",
  "section",
  "note",
  "search",
  "mydata",
  "forget",
  "subscribe",
  "unsubscribe",
  "settings",
  "post",
  "cancel",
  "updates",
  "retract",
  "edit",
  "stats",
  "publish",
  "Start",
  "START",
  "sectionz",
  "nope",
];

export const commandArgument = fc.oneof(
  { weight: 4, arbitrary: anyText(120) },
  { weight: 2, arbitrary: fc.integer({ min: -1e12, max: 1e12 }).map(String) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "0",
      "-1",
      "1e3",
      "0x10",
      "NaN",
      "Infinity",
      "1.5",
      " 2 ",
      "٣",
      "２",
      "99999999999999999999",
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom("fr", "en", "ru", "de", "FR", "r u", "") },
  { weight: 1, arbitrary: anyText(5000) },
);

/** Well-formed and malformed callback data, often close to a real codec. */
const PREFIXES = [
  "pg:",
  "sw:",
  "go:",
  "op:",
  "ol:",
  "nt:",
  "sm:",
  "fg:",
  "lang:",
  "st:",
  "st:c:",
  "st:o:",
  "op:rt:",
  "op:del:",
  "op:l:",
  "",
];
export const callbackData = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...PREFIXES), fc.string({ unit: "grapheme-ascii", maxLength: 20 }))
      .map(([p, s]) => p + s),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...PREFIXES),
        fc.array(fc.integer({ min: -100000, max: 1e10 }), { maxLength: 4 }),
        fc.constantFrom("fr", "en", "ru", "xx", ""),
      )
      .map(([p, ns, l]) => `${p}${ns.join(":")}${l ? `:${l}` : ""}`),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "fg:yes",
      "fg:no",
      "fg:ask",
      "lang:ru",
      "pg:1:1:fr",
      "pg:999:999:ru",
      "nt:0",
      "nt:99",
      "st:sub",
      "st:c:daily",
      "st:o:-705",
      "op:ok",
      "op:no",
      "op:pub",
      "op:rt:1",
      "sm:0",
    ),
  },
  { weight: 2, arbitrary: anyText(80) },
);

/** /start payloads: the allowed alphabet at every length, and everything else. */
export const deepLinkPayload = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,70}$/) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom("s", "n", "p", "sub", "S"), fc.nat(1e9), fc.option(fc.nat(1e6)))
      .map(([k, a, b]) => `${k}${a}${b === null ? "" : `p${b}`}`),
  },
  { weight: 3, arbitrary: anyText(100) },
);

/** A MessageEntity as a broken or malicious client might send it. */
export const entity = (textLength: number) =>
  fc.record(
    {
      type: fc.constantFrom(
        "bold",
        "italic",
        "url",
        "text_link",
        "text_mention",
        "mention",
        "hashtag",
        "bot_command",
        "code",
        "pre",
        "spoiler",
        "custom_emoji",
        "blockquote",
        "expandable_blockquote",
        "strikethrough",
        "underline",
        "bogus",
      ),
      offset: fc.oneof(
        fc.integer({ min: 0, max: Math.max(0, textLength) }),
        fc.integer({ min: -5, max: 100000 }),
      ),
      length: fc.oneof(
        fc.integer({ min: 0, max: Math.max(1, textLength) }),
        fc.integer({ min: -5, max: 100000 }),
      ),
      url: fc.oneof(fc.webUrl(), fc.constantFrom("javascript:alert(1)", "tg://user?id=1", "", "http://<b>")),
      user: fc.constant({ id: 1_234_567_890, is_bot: false, first_name: "Someone" }),
      language: anyText(10),
      custom_emoji_id: fc.string({ maxLength: 20 }),
    },
    { requiredKeys: ["type", "offset", "length"] },
  );
