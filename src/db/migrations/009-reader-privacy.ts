/**
 * A language choice remembers only the day it was last used, so that an unused one expires
 * (PREFERENCE_DAYS). Rows from before get today's day: they expire like the rest.
 */
export const up = `
ALTER TABLE preference ADD COLUMN used_day TEXT NOT NULL DEFAULT '1970-01-01'
  CHECK (used_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
UPDATE preference SET used_day = date('now');
`;

/**
 * Auto-delete (a reader's choice in /settings): the delay, and since when delivered updates were swept.
 * Pending deletions: one sealed row per message to delete, gone when it is deleted or when Telegram
 * would no longer allow it (48 hours after sending), so a restart forgets none and nothing outlives it.
 */
export const autoDelete = `
CREATE TABLE auto_delete (
  chat_key BLOB PRIMARY KEY,
  delay_s INTEGER NOT NULL CHECK (delay_s BETWEEN 60 AND 169200),
  swept_until INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE pending_deletion (
  chat_key BLOB NOT NULL,
  message_id INTEGER NOT NULL,
  chat_sealed BLOB NOT NULL,
  delete_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (chat_key, message_id)
) WITHOUT ROWID;
CREATE INDEX pending_deletion_due ON pending_deletion (delete_at);
`;
