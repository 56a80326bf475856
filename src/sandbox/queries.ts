/** Callback and inline queries waiting for the bot's answer, with Telegram's expiry and one-answer rule. */
import { badRequest, TEXT } from "./api-error.js";
import type { Params } from "./types.js";

type QueryKind = "callback" | "inline";

interface PendingQuery {
  kind: QueryKind;
  createdAt: number;
  answer?: Params;
  waiters: Array<(answer: Params | undefined) => void>;
}

export class QueryRegistry {
  private readonly queries = new Map<string, PendingQuery>();
  private seq = 0;

  constructor(
    private readonly now: () => number,
    private readonly timeoutMs: number,
  ) {}

  /** Registers a new query and returns its id (a long decimal string, like Telegram's). */
  open(kind: QueryKind): string {
    const id = `${kind === "callback" ? 4_300_000_000 : 5_300_000_000}${String(++this.seq).padStart(8, "0")}`;
    this.queries.set(id, { kind, createdAt: this.now(), waiters: [] });
    return id;
  }

  /** Records the bot's answer; an unknown, expired or already answered query is a 400. */
  answer(kind: QueryKind, id: string, params: Params): void {
    const q = this.queries.get(id);
    if (!q || q.kind !== kind || q.answer || this.now() - q.createdAt > this.timeoutMs)
      throw badRequest(TEXT.queryTooOld);
    q.answer = params;
    for (const w of q.waiters.splice(0)) w(params);
  }

  /** Resolves with the answer, or undefined after `timeoutMs` of real time. */
  waitFor(id: string, timeoutMs: number): Promise<Params | undefined> {
    const q = this.queries.get(id);
    if (!q) return Promise.resolve(undefined);
    if (q.answer) return Promise.resolve(q.answer);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        q.waiters = q.waiters.filter((w) => w !== done);
        resolve(undefined);
      }, timeoutMs);
      const done = (answer: Params | undefined) => {
        clearTimeout(timer);
        resolve(answer);
      };
      q.waiters.push(done);
    });
  }
}
