/**
 * Operator updates, the durable outbox that delivers them, counters that outlive delivered rows,
 * and the operators' audit trail (a keyed hash of the operator, never the id).
 */
export const up = `
CREATE TABLE news_update (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL DEFAULT 'update' CHECK (kind IN ('update', 'article')),
  draft_key TEXT UNIQUE,
  content BLOB NOT NULL,
  source BLOB,
  sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),
  delete_after_s INTEGER CHECK (delete_after_s IS NULL OR delete_after_s BETWEEN 60 AND 169200),
  created_at INTEGER NOT NULL,
  edited_at INTEGER,
  retracted_at INTEGER,
  recipients INTEGER NOT NULL DEFAULT 0,
  sent INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  resent INTEGER NOT NULL DEFAULT 0,
  progress_chat BLOB,
  progress_message_id INTEGER,
  progress_lang TEXT CHECK (progress_lang IS NULL OR progress_lang IN ('fr', 'en', 'ru')),
  progress_done INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE delivery (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('update', 'channel', 'digest', 'edit', 'delete', 'publish', 'toc')),
  update_id INTEGER REFERENCES news_update (id) ON DELETE CASCADE,
  part INTEGER NOT NULL DEFAULT 0,
  chat_key BLOB NOT NULL,
  chat_sealed BLOB NOT NULL,
  is_group INTEGER NOT NULL CHECK (is_group IN (0, 1)),
  lang TEXT NOT NULL CHECK (lang IN ('fr', 'en', 'ru')),
  payload TEXT,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'ambiguous', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  resent INTEGER NOT NULL DEFAULT 0 CHECK (resent IN (0, 1)),
  not_before INTEGER NOT NULL DEFAULT 0,
  message_id INTEGER,
  sent_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX delivery_once ON delivery (kind, update_id, chat_key, part)
  WHERE kind IN ('update', 'channel', 'publish', 'toc');
CREATE INDEX delivery_ready ON delivery (not_before, id) WHERE state = 'pending';
CREATE INDEX delivery_chat ON delivery (chat_key);
CREATE INDEX delivery_update ON delivery (update_id, state);
CREATE INDEX delivery_sent ON delivery (sent_at) WHERE sent_at IS NOT NULL;

CREATE TABLE counter (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  operator_key BLOB NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('post', 'relay', 'edit', 'retract', 'publish')),
  update_id INTEGER,
  at INTEGER NOT NULL
);
`;
