/**
 * The reading path's 20,000 updates, the same for both bots: what each reader does, in order. Readers
 * take turns (round robin), so one reader's updates are far apart, as a person's would be.
 */
import type { Lang } from "../../src/core/article/model.js";
import { pick, random } from "./random.js";

export type ReaderAction =
  | { kind: "section"; user: number; text: string }
  | { kind: "page-turn"; user: number }
  | { kind: "note"; user: number; text: string }
  | { kind: "question"; user: number; text: string }
  | { kind: "search"; user: number; text: string }
  | { kind: "inline"; user: number; query: string };

export interface Reader {
  id: number;
  lang: Lang;
}

/** The mix, in percent. */
export const MIX = { section: 25, "page-turn": 30, note: 10, question: 15, search: 10, inline: 10 } as const;

const QUESTIONS: Record<Lang, string[]> = {
  fr: [
    "Pourquoi le prix du gaz a-t-il déclenché les manifestations ?",
    "Que s'est-il passé à Zhanaozen ?",
    "Quel a été le rôle de l'OTSC ?",
    "Internet a-t-il été coupé à Almaty ?",
  ],
  en: [
    "Why did gas prices start the protests?",
    "What happened in Zhanaozen?",
    "What was the role of the CSTO?",
    "Was the internet cut off in Almaty?",
  ],
  ru: [
    "Почему цены на газ вызвали протесты?",
    "Что произошло в Жанаозене?",
    "Какую роль сыграла ОДКБ?",
    "Отключали ли интернет в Алматы?",
  ],
};

const WORDS: Record<Lang, string[]> = {
  fr: ["Almaty", "OTSC", "Zhanaozen", "internet", "prix du gaz", "Tokaïev", "Nazarbaïev", "grève"],
  en: ["Almaty", "CSTO", "Zhanaozen", "internet", "gas prices", "Tokayev", "Nazarbayev", "strike"],
  ru: ["Алматы", "ОДКБ", "Жанаозен", "интернет", "газ", "Токаев", "Назарбаев", "забастовка"],
};

/** `count` actions from `readers` in turn, kinds drawn from MIX. */
export function readingScript(
  readers: readonly Reader[],
  count: number,
  article: { sections: number; notes: number },
  seed = 7,
): ReaderAction[] {
  const rnd = random(seed);
  const kinds = Object.entries(MIX).flatMap(([kind, pct]) => Array<string>(pct).fill(kind));
  const actions: ReaderAction[] = [];
  for (let i = 0; i < count; i++) {
    const reader = readers[i % readers.length] as Reader;
    const user = reader.id;
    const kind = pick(kinds, rnd());
    switch (kind) {
      case "section":
        actions.push({ kind, user, text: `/section ${1 + Math.floor(rnd() * article.sections)}` });
        break;
      case "note":
        actions.push({ kind, user, text: `/note ${1 + Math.floor(rnd() * article.notes)}` });
        break;
      case "question":
        actions.push({ kind, user, text: pick(QUESTIONS[reader.lang], rnd()) });
        break;
      case "search":
        actions.push({ kind, user, text: `/search ${pick(WORDS[reader.lang], rnd())}` });
        break;
      case "inline":
        actions.push({ kind, user, query: pick(WORDS[reader.lang], rnd()) });
        break;
      default:
        actions.push({ kind: "page-turn", user });
    }
  }
  return actions;
}
