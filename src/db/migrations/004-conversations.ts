/**
 * The conversations plugin's state (an operator's /post or /edit in progress), sealed under DATA_KEY
 * and keyed by a keyed hash of its storage key; idle for more than an hour, it expires.
 */
export const up = `
CREATE TABLE conversation (
  key BLOB PRIMARY KEY,
  state BLOB NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX conversation_idle ON conversation (updated_at);
`;
