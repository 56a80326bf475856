import { Composer } from "grammy";
import { isLang, type Lang } from "../../../core/article/model.js";
import { EDITION_FORMATS } from "../../../core/edition/format.js";
import type { EditionFileIds } from "../../../db/edition-files.js";
import { DOWNLOAD_DATA } from "../../callback-data/download-data.js";
import { relayCommand } from "../../commands.js";
import type { RelayContext } from "../../context.js";
import type { Feature } from "../../feature.js";
import type { Translator } from "../../i18n.js";
import type { OfflineEditions } from "../../offline-editions/editions.js";
import { editionCaption, sendEditionFile } from "../../offline-editions/send-file.js";
import { escapeHtml } from "../../render/html.js";

export interface DownloadDeps {
  editions: OfflineEditions;
  fileIds: Pick<EditionFileIds, "fileId" | "save" | "forget">;
  editionTitle: (lang: Lang) => string;
  translator: Translator;
}

/** /download [fr|en|ru|check [lang]], its button under the contents and ?start=dl: the article as files to keep. */
export function download(
  deps: DownloadDeps,
): Feature & { send(ctx: RelayContext, lang?: Lang): Promise<void> } {
  const send = async (ctx: RelayContext, lang: Lang = ctx.lang) => {
    const chatId = ctx.chat?.id;
    if (chatId === undefined) return;
    try {
      for (const format of EDITION_FORMATS) {
        const file = deps.editions.file(lang, format);
        const caption = editionCaption(ctx.t, file, deps.editionTitle(file.lang));
        await sendEditionFile(ctx.api, chatId, file, { caption }, deps.fileIds);
      }
    } catch (err) {
      // The reader is told; the boundary still logs what went wrong.
      await ctx.reply(ctx.t("download.failed")).catch(() => undefined);
      throw err;
    }
  };

  const check = async (ctx: RelayContext, lang: Lang) => {
    const lines = [escapeHtml(ctx.t("download.check-title", { inLanguage: ctx.t(`download.in-${lang}`) }))];
    for (const format of EDITION_FORMATS) {
      const file = deps.editions.file(lang, format);
      lines.push(`${escapeHtml(file.name)}\n<code>${file.sha256}</code>`);
    }
    const name = deps.editions.file(lang, "html").name;
    lines.push(escapeHtml(ctx.t("download.check-how", { name })));
    await ctx.reply(lines.join("\n\n"), { parse_mode: "HTML" });
  };

  const command = relayCommand("download", deps.translator, async (ctx) => {
    const words = ctx.match.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const [first, second, ...rest] = words;
    if (first === undefined) return send(ctx);
    if (isLang(first) && second === undefined) return send(ctx, first);
    if (first === "check" && rest.length === 0 && (second === undefined || isLang(second)))
      return check(ctx, second ?? ctx.lang);
    const value = Array.from(ctx.match.trim()).slice(0, 20).join("");
    await ctx.reply(ctx.t("download.bad-argument", { value }));
  });

  const composer = new Composer<RelayContext>();
  composer.callbackQuery(DOWNLOAD_DATA, async (ctx) => {
    await ctx.answerCallbackQuery();
    await send(ctx);
  });

  return { commands: [command], composer, send };
}
