/**
 * An instant update is queued in chunks (db/update-fan-out.ts), so a million subscribers never hold the
 * database in one long transaction. The update records where its fan-out stands, committed with each
 * chunk: a restart resumes after the last chunk, and each subscriber is queued once.
 * The cursor is the last chat_key done, a lookup key: untyped rather than BLOB because nothing sealed is
 * in it, and rotate-key sends an unfinished walk back to the start under the new keys (delivery_once
 * keeps it once per chat).
 * `joined_after` is the newest update when the chat subscribed: a fan-out reaches only the subscribers
 * who were there before its update was published, as the single INSERT … SELECT did (0: before any).
 */
export const up = `
ALTER TABLE news_update ADD COLUMN fanout_active INTEGER NOT NULL DEFAULT 0 CHECK (fanout_active IN (0, 1));
ALTER TABLE news_update ADD COLUMN fanout_cursor;
ALTER TABLE subscriber ADD COLUMN joined_after INTEGER NOT NULL DEFAULT 0;
CREATE INDEX news_update_fanout ON news_update (id) WHERE fanout_active = 1;
`;
