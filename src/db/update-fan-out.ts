import type { Db } from "./open.js";

/**
 * Subscriber rows an instant update's fan-out walks in one transaction: a few milliseconds of writes,
 * so a reader's reply never waits long behind it (issue 11: a million subscribers in 1,000 chunks).
 */
export const FAN_OUT_CHUNK = 1_000;

/**
 * An instant update queued for its subscribers in chunks: a keyset walk over subscriber's primary key
 * (chat_key), each chunk one transaction that inserts its delivery rows and records the last key done
 * on the update (fanout_cursor). A crash between chunks loses nothing and repeats nothing: the next
 * chunk starts after the recorded key, and delivery_once (ON CONFLICT … DO NOTHING) is the backstop.
 *
 * Who gets it: the instant subscribers who subscribed before the update was published (joined_after)
 * and still are when the walk reaches them. Whoever joins later is not included (as with the single
 * INSERT … SELECT before); whoever leaves before their turn gets nothing; whoever leaves after it has the
 * pending row cancelled by the unsubscribe. A retracted update's walk stops at its next chunk.
 */
export function updateFanOut(db: Db, chunk = FAN_OUT_CHUNK) {
  // The last key of the next chunk; none when fewer than `chunk` subscribers remain.
  const chunkEnd = db
    .prepare<[Buffer, number], Buffer>(
      "SELECT chat_key FROM subscriber WHERE chat_key > ? ORDER BY chat_key LIMIT 1 OFFSET ?",
    )
    .pluck();
  // The copy's language: core/language.ts decides, through subscriber_lang (db/language-rule.ts).
  // digest_after < @id: a digest subscriber whose digest already carried the update and who turned
  // instant before the walk reached them is not sent it again.
  // Two statements, not one with "@last IS NULL OR …": SQLite then bounds the walk of the primary key on
  // both sides, instead of reading every key after the cursor for each chunk (quadratic at 1M).
  const select = (
    bound: string,
  ) => `INSERT INTO delivery (kind, update_id, chat_key, chat_sealed, is_group, lang, created_at)
     SELECT 'update', @id, s.chat_key, s.chat_sealed, s.is_group,
            subscriber_lang(s.lang, s.is_group, NULL), @at
     FROM subscriber s
     WHERE s.chat_key > @after ${bound} AND s.cadence = 'instant' AND s.joined_after < @id AND s.digest_after < @id
     ON CONFLICT (kind, update_id, chat_key, part)
       WHERE kind IN ('update', 'channel', 'publish', 'toc') DO NOTHING`;
  const insertRange = db.prepare(select("AND s.chat_key <= @last"));
  const insertRest = db.prepare(select(""));
  const state = db.prepare<[number], { cursor: Buffer | null; active: number; retracted: number | null }>(
    "SELECT fanout_cursor AS cursor, fanout_active AS active, retracted_at AS retracted FROM news_update WHERE id = ?",
  );
  const advance = db.prepare(
    "UPDATE news_update SET fanout_cursor = @cursor, recipients = recipients + @n WHERE id = @id",
  );
  const finish = db.prepare<[number, number]>(
    "UPDATE news_update SET fanout_active = 0, fanout_cursor = NULL, recipients = recipients + ? WHERE id = ?",
  );
  const begin = db.prepare<[number]>(
    "UPDATE news_update SET fanout_active = 1, fanout_cursor = X'' WHERE id = ?",
  );
  const active = db
    .prepare<[], number>("SELECT id FROM news_update WHERE fanout_active = 1 ORDER BY id")
    .pluck();

  /** One chunk, inside the caller's transaction: rows added, and whether the walk is over. */
  const step = (id: number, at: number): { added: number; done: boolean } => {
    const s = state.get(id);
    if (s?.active !== 1) return { added: 0, done: true };
    if (s.retracted !== null) {
      finish.run(0, id);
      return { added: 0, done: true };
    }
    const after = s.cursor ?? Buffer.alloc(0);
    const last = chunkEnd.get(after, chunk - 1);
    const added = (
      last === undefined ? insertRest.run({ id, at, after }) : insertRange.run({ id, at, after, last })
    ).changes;
    if (last === undefined) finish.run(added, id);
    else advance.run({ id, n: added, cursor: last });
    return { added, done: last === undefined };
  };

  return {
    /** Marks a new update's fan-out as started and runs its first chunk (the caller's transaction). */
    start(id: number, at: number): { added: number; done: boolean } {
      begin.run(id);
      return step(id, at);
    },
    /** The next chunk of one update, in its own transaction. */
    step: db.transaction(step),
    /** Updates whose fan-out has not finished: a restart resumes them. */
    active: (): number[] => active.all(),
  };
}

export type UpdateFanOut = ReturnType<typeof updateFanOut>;
