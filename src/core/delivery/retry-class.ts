/** What a failed Bot API call means for the delivery that made it. */

/** A failure as the dispatcher saw it: Telegram's answer, or no answer at all. */
export type SendFailure =
  | { kind: "api"; code: number; description: string; retryAfter?: number; migrateTo?: number }
  | { kind: "network"; code?: string; message: string };

export type FailureAction =
  /** 429: nobody gets anything before the wait is over; the delivery itself is not charged. */
  | { action: "wait"; ms: number }
  /** The chat is gone for good (blocked, deactivated, kicked, not found): retire it at once. */
  | { action: "retire" }
  /** A group became a supergroup: carry on with the new id. */
  | { action: "migrate"; chatId: number }
  /** Telegram did not do it and may later (5xx, connection refused): retry with backoff. */
  | { action: "retry" }
  /** The request may have been carried out (timeout, dropped connection): resend at most once. */
  | { action: "unknown" }
  /** The thing is already as wanted (edit to the same text, message already gone). */
  | { action: "done" }
  /** Any other refusal: retrying would get the same answer. */
  | { action: "fail" };

const GONE =
  /chat not found|user not found|user is deactivated|group chat was deactivated|peer_id_invalid|bot was kicked|not a member/i;
// The request never left: nothing can have been sent.
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

export type Operation = "send" | "edit" | "delete" | "pin";

/** Classifies one failure of one operation; the one place that reads Telegram's error strings. */
export function classifyFailure(failure: SendFailure, operation: Operation = "send"): FailureAction {
  if (failure.kind === "network")
    return failure.code && NOT_SENT.has(failure.code) ? { action: "retry" } : { action: "unknown" };
  const { code, description } = failure;
  if (code === 429) return { action: "wait", ms: Math.max(1, failure.retryAfter ?? 1) * 1000 };
  if (failure.migrateTo !== undefined) return { action: "migrate", chatId: failure.migrateTo };
  if (code >= 500) return { action: "retry" };
  if (operation === "edit" && /message is not modified/i.test(description)) return { action: "done" };
  if (operation === "delete" && /message to delete not found/i.test(description)) return { action: "done" };
  if (code === 403 || (code === 400 && GONE.test(description))) return { action: "retire" };
  return { action: "fail" };
}

/** Attempts a delivery gets against 5xx and refused connections before it is marked failed. */
export const MAX_ATTEMPTS = 5;

/** Backoff before attempt `attempt + 1`: 1 s, 2 s, 4 s, 8 s… capped at a minute. */
export function retryDelayMs(attempt: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1));
}
