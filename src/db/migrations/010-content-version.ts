/**
 * Which version of an update's content each delivery carried: an /edit that lands while a send is in
 * flight bumps the update's version, and the send's answer then queues a correction (db/outbox.ts).
 */
export const up = `
ALTER TABLE news_update ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE delivery ADD COLUMN content_version INTEGER CHECK (content_version IS NULL OR content_version >= 1);
`;
