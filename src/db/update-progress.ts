import type { Lang } from "../core/article/model.js";
import type { Db } from "./open.js";

export interface ProgressWatch {
  id: number;
  chatSealed: Buffer;
  messageId: number;
  lang: Lang;
}

/**
 * A broadcast's progress message, the part of news_update the operator's summary reads and ends.
 * The updates repository (db/updates.ts) exposes it; split out so publishing and progress read apart.
 */
export function updateProgress(db: Db) {
  const setMessage = db.prepare<[number, number]>(
    "UPDATE news_update SET progress_message_id = ? WHERE id = ?",
  );
  const watching = db.prepare<
    [],
    { id: number; progress_chat: Buffer; progress_message_id: number; progress_lang: Lang }
  >(
    `SELECT id, progress_chat, progress_message_id, progress_lang FROM news_update
           WHERE progress_done = 0 AND progress_message_id IS NOT NULL AND progress_chat IS NOT NULL`,
  );
  const finish = db.prepare<[number]>(
    "UPDATE news_update SET progress_done = 1, progress_chat = NULL WHERE id = ?",
  );
  const drop = db.prepare<[number]>(
    "UPDATE news_update SET progress_chat = NULL, progress_done = 1 WHERE id = ?",
  );
  return {
    setProgressMessage(id: number, messageId: number): void {
      setMessage.run(messageId, id);
    },
    /** Broadcasts whose operator is still waiting for a final summary. */
    watched: (): ProgressWatch[] =>
      watching.all().map((r) => ({
        id: r.id,
        chatSealed: r.progress_chat,
        messageId: r.progress_message_id,
        lang: r.progress_lang,
      })),
    /** The final summary was shown: the operator's sealed chat id is no longer needed. */
    finishProgress(id: number): void {
      finish.run(id);
    },
    /** /forget: the progress message's chat is forgotten, no summary goes there any more. */
    dropProgress: (id: number) => void drop.run(id),
  };
}
