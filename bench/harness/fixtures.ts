/** What the broadcast benchmarks send: one operator update in three languages, as Relay stores it. */
import type { Lang } from "../../src/core/article/model.js";
import type { UpdateContent } from "../../src/core/delivery/content.js";

const BODIES: Record<Lang, string> = {
  en:
    "Almaty, 14:20 local time. Relatives report that three activists detained on Tuesday have been moved to " +
    "the pre-trial centre on Zhandosov street. Lawyers have not been allowed to see them. A hearing is expected " +
    "on Friday; people who were present at the arrests and can testify are asked to contact the defence.",
  fr:
    "Almaty, 14 h 20 heure locale. Des proches rapportent que trois militants arrêtés mardi ont été transférés " +
    "au centre de détention provisoire de la rue Zhandosov. Leurs avocats n’ont pas pu les voir. Une audience " +
    "est attendue vendredi ; les témoins des arrestations sont priés de contacter la défense.",
  ru:
    "Алматы, 14:20 по местному времени. Родственники сообщают, что трое активистов, задержанных во вторник, " +
    "переведены в СИЗО на улице Жандосова. Адвокатов к ним не пускают. Заседание ожидается в пятницу; " +
    "свидетелей задержаний просят связаться с защитой.",
};

/** The update every broadcast benchmark publishes. */
export const UPDATE: UpdateContent = {
  original: "en",
  bodies: {
    en: { text: BODIES.en, entities: [{ type: "bold", offset: 0, length: 6 }] },
    fr: { text: BODIES.fr, entities: [{ type: "bold", offset: 0, length: 6 }] },
    ru: { text: BODIES.ru, entities: [{ type: "bold", offset: 0, length: 6 }] },
  },
};

/** The peers send the English text with a two-button keyboard, the same size of call as Relay's. */
export const PEER_TEXT = BODIES.en;
export const PEER_MARKUP = {
  inline_keyboard: [
    [
      { text: "Unsubscribe", callback_data: "sub:off" },
      { text: "Settings", callback_data: "sub:set" },
    ],
  ],
};

const MIX: Lang[] = ["ru", "ru", "ru", "ru", "en", "en", "en", "fr", "fr", "fr"];

/** A subscriber's language, spread 40 % ru, 30 % en, 30 % fr by position. */
export const langOf = (i: number): Lang => MIX[i % MIX.length] as Lang;
