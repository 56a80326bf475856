/**
 * Telegram's file_id for each offline edition file once uploaded, so later requests resend the id instead
 * of the bytes. Keyed by language and format, and valid only for the file whose SHA-256 it records:
 * a new edition (another hash) is uploaded anew. Nothing here is about a reader.
 */
export const up = `
CREATE TABLE edition_file (
  lang TEXT NOT NULL CHECK (lang IN ('fr', 'en', 'ru')),
  format TEXT NOT NULL CHECK (format IN ('html', 'epub')),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  file_id TEXT NOT NULL,
  PRIMARY KEY (lang, format)
) WITHOUT ROWID;
`;
