import type { Api } from "grammy";
import type { AutoDeletions } from "../../../db/auto-delete.js";
import type { Logger } from "../../../logger.js";
import { deleteInBatches } from "./delete-batches.js";

/**
 * Every `intervalMs`, deletes the messages whose auto-delete time has come. A deleted message's row
 * goes; a refused one stays for the next sweep until Telegram's 48 hours are up (then the row
 * expires unasked). Rows are in the database, so a restart forgets none.
 */
export function createAutoDeleteSweeper(
  api: Api,
  store: Pick<AutoDeletions, "due" | "done">,
  logger: Logger,
  intervalMs = 30_000,
) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const sweep = async (): Promise<number> => {
    let deleted = 0;
    for (const chat of store.due()) {
      const { refusedIds } = await deleteInBatches(api, chat.chatId, chat.messageIds, logger);
      const refused = new Set(refusedIds);
      for (const id of chat.messageIds)
        if (!refused.has(id)) {
          store.done(chat.chatKey, id);
          deleted++;
        }
    }
    return deleted;
  };
  const tick = () => {
    if (running) return;
    running = sweep()
      .catch((err: unknown) => logger.error({ err }, "auto-delete sweep failed"))
      .finally(() => {
        running = undefined;
      });
  };
  return {
    sweep,
    start(): void {
      tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
