import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createTranslator } from "./bot/i18n.js";
import { offlineEditions } from "./bot/offline-editions/editions.js";
import { createLibrary } from "./core/article/library.js";
import { loadArticle } from "./core/article/load.js";
import { EDITION_FORMATS } from "./core/edition/format.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

export class EditionsUsageError extends Error {}

/**
 * `npm run editions`: writes the offline files /download sends (relay-fr.html … relay-ru.epub), byte for
 * byte, plus SHA256SUMS, to a folder, to publish them anywhere else (a website, a USB stick).
 */
export function writeEditions(
  outDir: string,
  bot: string,
  dirs: { data?: string; locales?: string } = {},
): Array<{ name: string; sha256: string }> {
  const library = createLibrary(loadArticle(dirs.data ?? join(ROOT, "data")));
  const editions = offlineEditions(
    library,
    createTranslator(dirs.locales ?? join(ROOT, "locales")),
    () => bot,
  );
  mkdirSync(outDir, { recursive: true });
  const written = [];
  for (const lang of library.article.available)
    for (const format of EDITION_FORMATS) {
      const file = editions.file(lang, format);
      writeFileSync(join(outDir, file.name), file.bytes);
      written.push({ name: file.name, sha256: file.sha256 });
    }
  // The format `sha256sum -c SHA256SUMS` reads.
  writeFileSync(join(outDir, "SHA256SUMS"), written.map((f) => `${f.sha256}  ${f.name}\n`).join(""));
  return written;
}

/** Reads `--bot NAME [--out DIR]`; the bot's @username is required: the colophon names it. */
export function parseEditionsArgs(argv: string[]): { bot: string; out: string } {
  let bot: string | undefined;
  let out = "editions";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if ((arg === "--bot" || arg === "--out") && value !== undefined) {
      if (arg === "--bot") bot = value.replace(/^@/, "");
      else out = value;
      i++;
    } else throw new EditionsUsageError(`unknown argument ${JSON.stringify(arg)}`);
  }
  if (!bot)
    throw new EditionsUsageError(
      "--bot USERNAME is required: the files name the bot, and must match what it sends (npm run editions -- --bot relay_bot --out editions)",
    );
  if (!/^[A-Za-z][A-Za-z0-9_]{4,31}$/.test(bot))
    throw new EditionsUsageError("--bot must be a Telegram bot username (5–32 letters, digits or _)");
  return { bot, out };
}

function main(): number {
  try {
    const { bot, out } = parseEditionsArgs(process.argv.slice(2));
    const dir = resolve(out);
    for (const f of writeEditions(dir, bot)) process.stdout.write(`${f.sha256}  ${join(dir, f.name)}\n`);
    process.stdout.write(`relay: offline editions for @${bot} written to ${dir} (with SHA256SUMS)\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof EditionsUsageError)) throw err;
    process.stderr.write(`relay: editions: ${err.message}\n`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main());
