import Database from "better-sqlite3";

/** Every row of every table (blobs as hex), for before/after comparisons and scans. */
export function dumpTables(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all();
    return Object.fromEntries(
      tables.map(({ name }) => [
        name,
        db
          .prepare(`SELECT * FROM "${name}"`)
          .all()
          .map((row) =>
            Object.fromEntries(
              Object.entries(row as Record<string, unknown>).map(([k, v]) => [
                k,
                Buffer.isBuffer(v) ? v.toString("hex") : v,
              ]),
            ),
          ),
      ]),
    );
  } finally {
    db.close();
  }
}
