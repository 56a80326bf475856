import type { Lang } from "../../core/article/model.js";

/** Each language by its own name, as language buttons show it whatever the interface language. */
export const LANGUAGE_NAMES: Record<Lang, string> = { fr: "Français", en: "English", ru: "Русский" };

/** Short labels for the FR · EN · RU switch. */
export const LANGUAGE_LABELS: Record<Lang, string> = { fr: "FR", en: "EN", ru: "RU" };
