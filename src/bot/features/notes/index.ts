import { Composer } from "grammy";
import type { Library } from "../../../core/article/library.js";
import { parseCardinal } from "../../../core/search/note-reference.js";
import { noteData } from "../../callback-data/note-data.js";
import { relayCommand } from "../../commands.js";
import type { RelayContext } from "../../context.js";
import type { Feature } from "../../feature.js";
import type { Translator } from "../../i18n.js";
import type { ReadingViews } from "../../render/reading-views.js";

/** /note N and the footnote buttons under pages. */
export function notes(library: Library, translator: Translator, views: ReadingViews): Feature {
  const note = relayCommand("note", translator, async (ctx) => {
    const arg = ctx.match.trim();
    const count = library.noteCount;
    if (!arg) return void (await ctx.reply(ctx.t("notes.usage", { count })));
    const number = parseCardinal(arg); // "2", "two", "deux", «два»
    const message = number === undefined ? undefined : views.note(ctx, number);
    if (!message)
      return void (await ctx.reply(
        ctx.t("notes.no-such-note", { value: Array.from(arg).slice(0, 20).join(""), count }),
      ));
    await ctx.reply(message.text, message.options);
  });

  const composer = new Composer<RelayContext>();
  composer.callbackQuery(noteData.pattern, async (ctx) => {
    const number = noteData.decode(ctx.callbackQuery.data);
    const message = number === undefined ? undefined : views.note(ctx, number);
    if (!message) return void (await ctx.answerCallbackQuery(ctx.t("reading.stale-button")));
    await Promise.all([ctx.answerCallbackQuery(), ctx.reply(message.text, message.options)]);
  });
  return { commands: [note], composer };
}
