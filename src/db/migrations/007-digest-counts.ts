/**
 * Digest deliveries per update: how many digests were planned to carry each update, and how many of
 * them reached their chat. Only counts; /updates shows them beside the update's own deliveries.
 */
export const up = `
ALTER TABLE news_update ADD COLUMN digest_recipients INTEGER NOT NULL DEFAULT 0;
ALTER TABLE news_update ADD COLUMN digest_sent INTEGER NOT NULL DEFAULT 0;
`;
