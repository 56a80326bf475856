/**
 * How many digest messages carried each update. Relay keeps a digest's message id only 48 hours, so
 * /retract and /edit reach the recent ones and need this count to say how many they could not reach.
 */
export const up = `
ALTER TABLE news_update ADD COLUMN in_digests INTEGER NOT NULL DEFAULT 0;
`;
