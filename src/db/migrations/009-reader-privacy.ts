/**
 * A language choice remembers only the day it was last used, so that an unused one expires
 * (PREFERENCE_DAYS). Rows from before get today's day: they expire like the rest.
 */
export const up = `
ALTER TABLE preference ADD COLUMN used_day TEXT NOT NULL DEFAULT '1970-01-01'
  CHECK (used_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
UPDATE preference SET used_day = date('now');
`;
