import type { Identity } from "./identity.js";
import type { Db } from "./open.js";

/** Drafts idle for longer than this expire: an hour. */
export const CONVERSATION_IDLE_MS = 3_600_000;

/**
 * Storage for the conversations plugin (its VersionedStateStorage shape): the state holds the
 * operator's draft and every update the conversation saw, so it is sealed under DATA_KEY and keyed
 * by a keyed hash of the plugin's key (the chat id).
 */
export function conversationStore<T>(
  db: Db,
  ids: Identity,
  now: () => number,
  idleMs = CONVERSATION_IDLE_MS,
) {
  const find = db.prepare<[Buffer], { state: Buffer; updated_at: number }>(
    "SELECT state, updated_at FROM conversation WHERE key = ?",
  );
  const save = db.prepare(
    `INSERT INTO conversation (key, state, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[Buffer]>("DELETE FROM conversation WHERE key = ?");
  const keyOf = (key: string) => ids.lookupKey(`conversation:${key}`);

  return {
    read(key: string): T | undefined {
      const k = keyOf(key);
      const row = find.get(k);
      if (!row) return undefined;
      if (row.updated_at < now() - idleMs) {
        remove.run(k);
        return undefined;
      }
      return JSON.parse(ids.openBytes(row.state).toString("utf8")) as T;
    },
    write(key: string, state: T): void {
      save.run(keyOf(key), ids.sealBytes(JSON.stringify(state)), now());
    },
    delete(key: string): void {
      remove.run(keyOf(key));
    },
    /** Drops every draft idle for longer than the limit; returns how many. */
    expire: () => db.prepare("DELETE FROM conversation WHERE updated_at < ?").run(now() - idleMs).changes,
  };
}

export type ConversationStore<T> = ReturnType<typeof conversationStore<T>>;

/** The row key a chat's conversation is stored under (for /forget). */
export const conversationKeyOf = (ids: Identity, chatId: number) => ids.lookupKey(`conversation:${chatId}`);

/** /forget: a chat's conversation state goes, inside the caller's transaction; false when there was none. */
export const forgetConversation = (db: Db, ids: Identity, chatId: number): boolean =>
  db.prepare("DELETE FROM conversation WHERE key = ?").run(conversationKeyOf(ids, chatId)).changes > 0;
