import { Composer } from "grammy";
import { parseRef } from "../../../core/article/deep-link.js";
import type { Library } from "../../../core/article/library.js";
import { relayCommand } from "../../commands.js";
import type { RelayContext } from "../../context.js";
import type { Feature } from "../../feature.js";
import type { Translator } from "../../i18n.js";
import { escapeHtml } from "../../render/html.js";
import type { ReadingViews } from "../../render/reading-views.js";

/** /start: a greeting and the contents; a payload is a deep link (s3, s3p12, n2, or one in `actions`, e.g. dl). */
export function start(
  library: Library,
  translator: Translator,
  views: ReadingViews,
  actions: Record<string, (ctx: RelayContext) => Promise<void>> = {},
): Feature {
  const command = relayCommand("start", translator, async (ctx) => {
    const payload = ctx.match.trim();
    const action = Object.hasOwn(actions, payload) ? actions[payload] : undefined;
    if (action) return action(ctx);
    if (payload) {
      const ref = parseRef(payload); // a malformed payload never gets here (guards/input-bounds.ts)
      const target =
        ref?.kind === "note"
          ? views.note(ctx, ref.note)
          : ref && views.page(ctx, ref.section, ref.paragraph, ctx.lang, true);
      if (target) return void (await ctx.reply(target.text, target.options));
    }
    const { edition } = library.edition(ctx.lang);
    const greeting = [ctx.t("start.greeting", { title: edition.title }), ctx.t("start.offer")];
    if (payload) greeting.push(ctx.t("start.bad-link"));
    await ctx.reply(escapeHtml(greeting.join("\n\n")), { parse_mode: "HTML" });
    const toc = views.contents(ctx);
    await ctx.reply(toc.text, toc.options);
  });
  return { commands: [command], composer: new Composer<RelayContext>() };
}
