import type { InlineKeyboardMarkup } from "grammy/types";
import type { Lang } from "../core/article/model.js";
import { SUBSCRIBER_BUTTONS } from "../core/delivery/subscriber-buttons.js";
import type { Texts } from "./texts.js";

/** [Unsubscribe] [Settings] under every update and digest, in the reader's language. */
export function subscriberKeyboard(texts: Texts, lang: Lang): InlineKeyboardMarkup {
  const t = texts.t(lang);
  return {
    inline_keyboard: [
      [
        { text: t("delivery.unsubscribe"), callback_data: SUBSCRIBER_BUTTONS.unsubscribe },
        { text: t("delivery.settings"), callback_data: SUBSCRIBER_BUTTONS.settings },
      ],
    ],
  };
}
