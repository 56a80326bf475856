import type { Lang } from "../core/article/model.js";
import type { Identity } from "./identity.js";
import type { Db } from "./open.js";

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The one thing reading may store: a language the person chose with /lang. It keeps only the day it
 * was last used (at most one write a day per person), so that a choice left unused expires.
 */
export function preferences(db: Db, ids: Identity, now: () => number = Date.now) {
  const save = db.prepare(
    `INSERT INTO preference (user_key, lang, used_day) VALUES (?, ?, ?)
     ON CONFLICT (user_key) DO UPDATE SET lang = excluded.lang, used_day = excluded.used_day`,
  );
  const find = db.prepare<[Buffer], { lang: Lang; used_day: string }>(
    "SELECT lang, used_day FROM preference WHERE user_key = ?",
  );
  const touch = db.prepare<[string, Buffer]>("UPDATE preference SET used_day = ? WHERE user_key = ?");
  const remove = db.prepare<[Buffer]>("DELETE FROM preference WHERE user_key = ?");
  const expire = db.prepare<[string]>("DELETE FROM preference WHERE used_day < ?");
  return {
    setLanguage(userId: number, lang: Lang): void {
      save.run(ids.lookupKey(userId), lang, dayOf(now()));
    },
    /** The saved choice, if any; reading it counts as using it. */
    language(userId: number): Lang | undefined {
      const key = ids.lookupKey(userId);
      const row = find.get(key);
      if (!row) return undefined;
      const today = dayOf(now());
      if (row.used_day !== today) touch.run(today, key);
      return row.lang;
    },
    forget: (userId: number) => remove.run(ids.lookupKey(userId)).changes,
    /** Deletes choices unused for more than `days` days; returns how many. */
    expire: (days: number) => expire.run(dayOf(now() - days * DAY_MS)).changes,
  };
}

export type Preferences = ReturnType<typeof preferences>;
