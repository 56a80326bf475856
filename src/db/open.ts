import Database from "better-sqlite3";
import { registerLanguageRule } from "./language-rule.js";
import { migrate } from "./migrate.js";

export type Db = Database.Database;

/** Opens (or creates) the database in WAL mode and applies pending migrations. */
export function openDatabase(path: string): Db {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  // Deleted rows are overwritten, not left in free pages of the file.
  db.pragma("secure_delete = ON");
  migrate(db);
  registerLanguageRule(db);
  return db;
}
