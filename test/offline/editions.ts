import { join } from "node:path";
import { createTranslator } from "../../src/bot/i18n.js";
import { type OfflineEditions, offlineEditions } from "../../src/bot/offline-editions/editions.js";
import { createLibrary } from "../../src/core/article/library.js";
import { loadArticle } from "../../src/core/article/load.js";

const ROOT = join(import.meta.dirname, "../..");

/** The files exactly as the bot builds them (from data/ and locales/), for a bot named relay_bot. */
export function realEditions(): OfflineEditions {
  const library = createLibrary(loadArticle(join(ROOT, "data")));
  return offlineEditions(library, createTranslator(join(ROOT, "locales")), () => "relay_bot");
}
