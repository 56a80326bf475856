import type { Db } from "./open.js";

/** What outlives the rows it counts: chats lost to blocks, digests, deletions, edits, unknown outcomes. */
export type CounterName =
  | "subscribers_lost"
  | "digests_sent"
  | "digests_failed"
  | "deletions_sent"
  | "deletions_failed"
  | "edits_sent"
  | "edits_failed"
  | "ambiguous_resent"
  | "ambiguous_dropped";

/** Named running totals; incremented inside the caller's transaction. */
export function counters(db: Db) {
  const bump = db.prepare<[string, number]>(
    `INSERT INTO counter (name, value) VALUES (?, ?)
     ON CONFLICT (name) DO UPDATE SET value = value + excluded.value`,
  );
  const one = db.prepare<[string], number>("SELECT value FROM counter WHERE name = ?").pluck();
  const every = db.prepare<[], { name: string; value: number }>("SELECT name, value FROM counter");
  return {
    add(name: CounterName, by = 1): void {
      if (by !== 0) bump.run(name, by);
    },
    get: (name: CounterName): number => one.get(name) ?? 0,
    all: (): Partial<Record<CounterName, number>> =>
      Object.fromEntries(every.all().map((r) => [r.name, r.value])) as Partial<Record<CounterName, number>>,
  };
}

export type Counters = ReturnType<typeof counters>;
