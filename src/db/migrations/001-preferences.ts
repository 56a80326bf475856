/** A language a person explicitly chose (/lang, the page switch, /settings), keyed by a keyed hash of the user id. */
export const up = `
CREATE TABLE preference (
  user_key BLOB PRIMARY KEY,
  lang TEXT NOT NULL CHECK (lang IN ('fr', 'en', 'ru'))
) WITHOUT ROWID;
`;
