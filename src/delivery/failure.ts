import { GrammyError, HttpError } from "grammy";
import type { SendFailure } from "../core/delivery/retry-class.js";

/** Reads a thrown Bot API error into the shape retry-class understands; nothing else leaves it. */
export function toFailure(err: unknown): SendFailure {
  if (err instanceof GrammyError)
    return {
      kind: "api",
      code: err.error_code,
      description: err.description,
      retryAfter: err.parameters.retry_after,
      migrateTo: err.parameters.migrate_to_chat_id,
    };
  const inner = err instanceof HttpError ? err.error : err;
  const code = (inner as { code?: unknown } | undefined)?.code;
  return {
    kind: "network",
    code: typeof code === "string" ? code : undefined,
    message: inner instanceof Error ? inner.message : String(inner),
  };
}
