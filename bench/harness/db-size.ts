/** The size of an SQLite database on disk: the file, its WAL and its shared-memory index. */
import { statSync } from "node:fs";

export function dbBytes(path: string): number {
  let total = 0;
  for (const suffix of ["", "-wal", "-shm"])
    try {
      total += statSync(path + suffix).size;
    } catch {
      // absent
    }
  return total;
}
