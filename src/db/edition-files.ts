import type { Lang } from "../core/article/model.js";
import type { EditionFormat } from "../core/edition/format.js";
import type { Db } from "./open.js";

/** Where an offline edition file's Telegram file_id is kept between restarts (table edition_file). */
export function editionFileIds(db: Db) {
  const find = db
    .prepare<[Lang, EditionFormat, string], string>(
      "SELECT file_id FROM edition_file WHERE lang = ? AND format = ? AND sha256 = ?",
    )
    .pluck();
  const save = db.prepare(
    `INSERT INTO edition_file (lang, format, sha256, file_id) VALUES (@lang, @format, @sha256, @fileId)
     ON CONFLICT (lang, format) DO UPDATE SET sha256 = excluded.sha256, file_id = excluded.file_id`,
  );
  const drop = db.prepare("DELETE FROM edition_file WHERE lang = ? AND format = ? AND sha256 = ?");
  return {
    /** The file_id of exactly this file (same hash), if it was uploaded before. */
    fileId: (lang: Lang, format: EditionFormat, sha256: string) => find.get(lang, format, sha256),
    /** Remembers the upload of this file, replacing any earlier edition's. */
    save(lang: Lang, format: EditionFormat, sha256: string, fileId: string): void {
      save.run({ lang, format, sha256, fileId });
    },
    /** Forgets a file_id Telegram no longer accepts. */
    forget(lang: Lang, format: EditionFormat, sha256: string): void {
      drop.run(lang, format, sha256);
    },
  };
}

export type EditionFileIds = ReturnType<typeof editionFileIds>;
