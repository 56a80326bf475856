import type { ConversationFlavor } from "@grammyjs/conversations";
import type { Context } from "grammy";
import type { Lang } from "../core/article/model.js";
import type { Translate } from "./i18n.js";

/** What every handler can rely on, on top of grammY's Context. */
export interface RelayFlavor {
  /** The reader's language under the one rule (saved choice, else language_code, else default). */
  lang: Lang;
  t: Translate;
  /** Saves an explicit choice and switches ctx.lang/ctx.t for the rest of this update. */
  setLanguage(lang: Lang): void;
}

export type RelayContext = ConversationFlavor<Context & RelayFlavor>;
/** The context inside conversations: no ConversationFlavor there. */
export type RelayConversationContext = Context & RelayFlavor;
