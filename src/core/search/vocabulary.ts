import { freezeNormalizer } from "./normalize.js";
import { freezeStems } from "./stem.js";

/**
 * Call once the article's indexes are built, before the first update: the word and stem caches then
 * hold the article's vocabulary only, and nothing a reader types is remembered (issue 15: 40,000
 * distinct inline queries grew the heap by 400 MB, and a memory dump would list what people searched).
 */
export function freezeSearchVocabulary(): void {
  freezeNormalizer();
  freezeStems();
}
