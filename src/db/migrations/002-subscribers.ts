/**
 * One row per subscribed chat: only what delivery needs. The chat id is sealed (AES-256-GCM) and
 * found through its keyed hash; no name, username or message text. A chat that blocks or removes
 * the bot loses its row and leaves only the `subscribers_lost` counter.
 */
export const up = `
CREATE TABLE subscriber (
  chat_key BLOB PRIMARY KEY,
  chat_sealed BLOB NOT NULL,
  is_group INTEGER NOT NULL CHECK (is_group IN (0, 1)),
  lang TEXT NOT NULL CHECK (lang IN ('fr', 'en', 'ru')),
  cadence TEXT NOT NULL DEFAULT 'instant' CHECK (cadence IN ('instant', 'daily', 'weekly')),
  digest_hour INTEGER NOT NULL DEFAULT 9 CHECK (digest_hour BETWEEN 0 AND 23),
  digest_weekday INTEGER NOT NULL DEFAULT 1 CHECK (digest_weekday BETWEEN 1 AND 7),
  utc_offset_min INTEGER NOT NULL DEFAULT 0
    CHECK (utc_offset_min BETWEEN -720 AND 840 AND utc_offset_min % 15 = 0),
  digest_after INTEGER NOT NULL DEFAULT 0,
  last_digest_at INTEGER,
  next_digest_at INTEGER,
  created_day TEXT NOT NULL CHECK (created_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
) WITHOUT ROWID;
CREATE INDEX subscriber_digest_due ON subscriber (next_digest_at) WHERE next_digest_at IS NOT NULL;
`;
