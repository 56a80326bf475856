import type { Lang } from "../core/article/model.js";
import type { Identity } from "./identity.js";
import type { Db } from "./open.js";

/** The one thing reading stores: a language the person chose. */
export function preferences(db: Db, ids: Identity) {
  const save = db.prepare(
    `INSERT INTO preference (user_key, lang) VALUES (?, ?)
     ON CONFLICT (user_key) DO UPDATE SET lang = excluded.lang`,
  );
  const find = db.prepare<[Buffer], string>("SELECT lang FROM preference WHERE user_key = ?").pluck();
  const remove = db.prepare<[Buffer]>("DELETE FROM preference WHERE user_key = ?");
  return {
    setLanguage(userId: number, lang: Lang): void {
      save.run(ids.lookupKey(userId), lang);
    },
    language: (userId: number) => find.get(ids.lookupKey(userId)) as Lang | undefined,
    forget: (userId: number) => remove.run(ids.lookupKey(userId)).changes,
  };
}

export type Preferences = ReturnType<typeof preferences>;
