import type { Command } from "@grammyjs/commands";
import type { Composer } from "grammy";
import type { RelayContext } from "./context.js";

/** A feature owns its commands, buttons and texts. */
export interface Feature {
  /** Commands shown in every menu and in /help (descriptions from locales: commands.<name>). */
  commands?: Command<RelayContext>[];
  /** Commands only operators see, registered in each operator's own chat scope. */
  operatorCommands?: Command<RelayContext>[];
  /** Callback queries, inline queries and other updates the feature handles. */
  composer: Composer<RelayContext>;
}
