import { words } from "./normalize.js";

/** What a short message of small talk is: a greeting or thanks, in French, English or Russian. */
export type SmallTalk = "greeting" | "thanks";

// Normalised forms (no accents, lower case, ё→е), whole messages of one to three words.
// biome-ignore format: one phrase list a kind, read as a table
const PHRASES: Record<SmallTalk, string[]> = {
  greeting: [
    "hello", "hi", "hey", "hello there", "hi there", "good morning", "good afternoon", "good evening", "greetings",
    "bonjour", "bonsoir", "salut", "coucou", "bonjour a tous", "bonne journee", "bonne soiree",
    "привет", "здравствуйте", "здравствуй", "добрый день", "доброе утро", "добрый вечер", "приветствую", "здрасте",
  ],
  thanks: [
    "thanks", "thank you", "thanks a lot", "thank you very much", "many thanks", "thx", "cheers", "ty",
    "merci", "merci beaucoup", "merci bien", "mille mercis", "grand merci",
    "спасибо", "спасибо большое", "большое спасибо", "благодарю", "спс",
  ],
};
const KNOWN = new Map<string, SmallTalk>(
  (Object.entries(PHRASES) as [SmallTalk, string[]][]).flatMap(([kind, list]) => list.map((p) => [p, kind])),
);

/**
 * "hello", "thanks!", «привет», "Bonjour 👋": a greeting or thanks that is the whole message, else
 * undefined. Anything longer is a question and goes to the footnotes and the search.
 */
export function smallTalk(text: string): SmallTalk | undefined {
  const w = words(text);
  if (w.length === 0 || w.length > 4) return undefined;
  // "hello Relay", "merci le bot": the bot's own name changes nothing.
  while (w.length > 1 && ["relay", "bot", "le", "the"].includes(w.at(-1) as string)) w.pop();
  return KNOWN.get(w.join(" "));
}
