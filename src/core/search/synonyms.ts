import { normalizeWord } from "./normalize.js";

/**
 * Words a question may use for the same thing, in any language or script. The names come from the
 * `synonyms` of data/glossary.json (synonyms.test.ts keeps them in step; spellings of several words
 * such as "Echo of Moscow" are left out: matching is word by word); the last groups are the few
 * common nouns the glossary pairs across languages (its Terms table) plus their everyday variants.
 */
export const SYNONYMS: readonly (readonly string[])[] = [
  // Names (glossary.json "synonyms").
  ["OTSC", "CSTO", "ОДКБ", "ODKB"],
  ["Kazakhstan", "Kazakstan", "Qazaqstan", "Казахстан"],
  ["Almaty", "Алматы"],
  ["Zhanaozen", "Жанаозен"],
  ["Aktobe", "Актобе"],
  ["Uralsk", "Уральск"],
  ["Kostanai", "Kostanay", "Костанай"],
  ["Astana", "Nursultan", "Астана", "Нурсултан"],
  ["akimat", "акимат"],
  ["aul", "auls", "аул", "аулы"],
  ["КНБ", "KNB"],
  ["avtonom", "Автоном"],
  ["Dozhd", "Дождь"],
  ["Kazfem", "Казфем"],
  ["Yudol", "Юдоль"],
  ["Oyan", "Оян"],
  ["Forbes", "Форбс"],
  ["tenge", "тенге"],
  ["Nazarbayev", "Nazarbaev", "Назарбаев"],
  ["Tokayev", "Tokaev", "Токаев"],
  ["Kurnikov", "Курников"],
  ["Akhmedyarov", "Akhmediyarov", "Ахмедьяров"],
  ["Gorbatchev", "Gorbachev", "Горбачёв"],
  ["Bakounine", "Bakunin", "Бакунин"],
  ["Kim", "Ким"],
  ["Lomatdze", "Lomtadze", "Ломтадзе"],
  ["Utemuratov", "Утемуратов"],
  ["Kulibayev", "Kulibayeva", "Кулибаев", "Кулибаева"],
  ["Turlov", "Турлов"],
  ["Serdyukov", "Сердюков"],
  ["Zhlobitsky", "Жлобицкий"],
  ["Zeltzer", "Zeltser", "Зельцер"],
  ["Bondarenko", "Бондаренко"],
  ["Tolymbekov", "Толымбеков"],
  ["Tulesova", "Тулесова"],
  ["Oblyazov", "Ablyazov", "Аблязов"],
  ["Moldabekov", "Молдабеков"],
  ["Ruzakhunov", "Рузахунов"],
  ["Abjan", "Abzhan", "Абжан"],
  ["Kosshigulov", "Косшыгулов"],
  ["Erdanov", "Ерданов"],
  ["Eleusinov", "Елеусинов"],
  ["Loukachenko", "Lukashenko", "Лукашенко"],
  ["Poutine", "Putin", "Путин"],
  // Terms (GLOSSARY.md) and their everyday variants.
  ["nadir", "надир"],
  ["zénith", "zenith", "зенит"],
  ["soulèvement", "uprising", "восстание"],
  // Those who loot (not the looting itself, which the article discusses everywhere).
  [
    "voleurs",
    "pilleurs",
    "pillards",
    "maraudeurs",
    "looters",
    "marauders",
    "thieves",
    "мародёры",
    "воры",
    "грабители",
  ],
  ["marathon", "марафон"],
  ["vodka", "водка"],
  ["banderole", "banner", "баннер", "транспарант", "плакат"],
];

/**
 * Looks up synonyms by stem, so inflected forms (мародёров, Kazfem's) find their group: returns, for
 * a normalised word, its own stem and the stems of every word sharing a group with it.
 */
export function synonymIndex(stem: (word: string) => string): (word: string) => readonly string[] {
  const index = new Map<string, string[]>();
  for (const group of SYNONYMS) {
    const stems = group.map((w) => stem(normalizeWord(w)));
    for (const s of stems) index.set(s, [...new Set([...(index.get(s) ?? []), ...stems])]);
  }
  return (word) => {
    const own = stem(word);
    return index.get(own) ?? [own];
  };
}
