import { Composer } from "grammy";
import type { PersonalDataStore } from "../../../db/personal-data.js";
import { relayCommand } from "../../commands.js";
import type { RelayContext } from "../../context.js";
import type { Feature } from "../../feature.js";
import { isOwnPrivateChat } from "../../guards/own-private-chat.js";
import type { Translator } from "../../i18n.js";
import { myDataMessage } from "./render.js";

/** /mydata: exactly what Relay stores about the person, decrypted, in their language, with a button to /forget. */
export function mydata(
  store: Pick<PersonalDataStore, "of">,
  translator: Translator,
  now: () => number,
  auditKeyHours = 48,
): Feature {
  const command = relayCommand("mydata", translator, async (ctx) => {
    if (!isOwnPrivateChat(ctx) || !ctx.from) return void (await ctx.reply(ctx.t("mydata.private-only")));
    const m = myDataMessage(ctx.t, ctx.lang, store.of(ctx.from.id, now()), auditKeyHours);
    await ctx.reply(m.text, { parse_mode: "HTML", reply_markup: m.reply_markup });
  });
  return { commands: [command], composer: new Composer<RelayContext>() };
}
