import { type Api, GrammyError, InputFile } from "grammy";
import type { Message } from "grammy/types";
import { type EditionFile, shortHash } from "../../core/edition/format.js";
import type { EditionFileIds } from "../../db/edition-files.js";
import type { Translate } from "../i18n.js";

/** A file's caption in the reader's language: what it is, that it can be shared as is, its short hash. */
export function editionCaption(t: Translate, file: EditionFile, title: string): string {
  return t(`download.caption-${file.format}`, {
    title,
    inLanguage: t(`download.in-${file.lang}`),
    hash: shortHash(file.sha256),
  });
}

/** Telegram's answer to a file_id it does not know (another bot's, or from before a token change). */
const UNKNOWN_FILE = /wrong file identifier|file_id|wrong remote file/i;

/**
 * Sends an edition file: its stored file_id when this very file (same hash) was uploaded before, else
 * the bytes, remembering the file_id Telegram gives back. A file_id Telegram refuses is forgotten and
 * the bytes are uploaded instead.
 */
export async function sendEditionFile(
  api: Api,
  chatId: number | string,
  file: EditionFile,
  options: { caption: string; parse_mode?: "HTML"; allow_paid_broadcast?: boolean },
  ids: Pick<EditionFileIds, "fileId" | "save" | "forget">,
): Promise<Message.DocumentMessage> {
  const known = ids.fileId(file.lang, file.format, file.sha256);
  if (known) {
    try {
      return await api.sendDocument(chatId, known, options);
    } catch (err) {
      if (!(err instanceof GrammyError && err.error_code === 400 && UNKNOWN_FILE.test(err.description)))
        throw err;
      ids.forget(file.lang, file.format, file.sha256);
    }
  }
  const sent = await api.sendDocument(chatId, new InputFile(file.bytes, file.name), options);
  ids.save(file.lang, file.format, file.sha256, sent.document.file_id);
  return sent;
}
