import type { Api } from "grammy";
import type { Logger } from "../../../logger.js";

/** Telegram's deleteMessages takes at most 100 ids per call and skips those it cannot find or delete. */
const BATCH = 100;

/** Deletes messages 100 at a time; a refused batch is counted and logged (no id), never thrown. */
export async function deleteInBatches(
  api: Api,
  chatId: number,
  messageIds: number[],
  logger: Logger,
): Promise<{ refused: number; refusedIds: number[] }> {
  const sorted = [...messageIds].sort((a, b) => a - b);
  const refusedIds: number[] = [];
  for (let i = 0; i < sorted.length; i += BATCH) {
    const batch = sorted.slice(i, i + BATCH);
    try {
      await api.deleteMessages(chatId, batch);
    } catch (err) {
      refusedIds.push(...batch);
      logger.warn({ err, count: batch.length }, "could not delete messages");
    }
  }
  return { refused: refusedIds.length, refusedIds };
}
