/**
 * Words that carry no meaning in a question, in normalised form (no accents, ё→е).
 * Short on purpose: idf already makes common words weigh little; this list removes the
 * question scaffolding ("c'est quoi", "what is", "что такое") and elided articles.
 */
const FR = `a au aux avec c ce ces cette d dans de des du elle en est et etait eu il ils j l la le les leur
lui m ma mais me meme mes n ne on ou par pas pour qu quand que quel quelle quels quelles qui quoi s sa se
ses son sont sur t ta te tes ton tu un une vos votre vous y ete etre avait ont fait dit parle parler
comment pourquoi combien ou c est ca cela ceci voila dont jusqu lorsqu puisqu`;

const EN = `a about an and are as at be been but by did do does for from had has have he her his how i in
is it its me my of on or our she so that the their them they this to was we were what when where which
who whom whose why will with you your tell said say whats whos wheres hows thats its isnt dont
doesnt`;

const RU = `а без бы был была были было в вам вас во вот все всё где да для до его ее её если есть еще ещё
же за и из или им их к как какая какие какой ко кого когда кому кто ли мне мы на над не нее неё нет ни
но о об он она они оно от по под почему при про с со так такое там то тот ты у уже что чем чего это эта
этот эти я сказать скажи расскажи`;

function list(words: string): ReadonlySet<string> {
  return new Set(
    words
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => w.replace(/ё/g, "е")),
  );
}

/** Stop words of every language at once: a question may be typed in any of them. */
export const STOP_WORDS: ReadonlySet<string> = new Set([...list(FR), ...list(EN), ...list(RU)]);

/** True for a normalised word that says nothing about what a question is about. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}
