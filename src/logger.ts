import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

/**
 * JSON logs that cannot carry identities: known id/text fields are redacted wherever they sit,
 * and errors go through safeError, because grammY's errors carry the request payload and the update.
 */
export function createLogger(level: string, dest?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          "token",
          "chatId",
          "chat_id",
          "userId",
          "user_id",
          "text",
          "username",
          "payload",
          "update",
          "*.token",
          "*.chatId",
          "*.chat_id",
          "*.userId",
          "*.user_id",
          "*.text",
          "*.username",
          "*.payload",
          "*.update",
        ],
        censor: "[redacted]",
      },
      serializers: { err: safeError, error: safeError },
    },
    dest,
  );
}

/** Keeps name, message, error code, method and stack; drops payloads, updates and contexts. */
export function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const { error_code, method } = err as { error_code?: number; method?: string };
  // A wrapped error (BotError, HttpError) says more through its cause.
  const inner = (err as { error?: unknown }).error;
  return {
    type: err.name,
    message: scrub(err.message),
    error_code,
    method,
    stack: err.stack ? scrub(err.stack) : undefined,
    cause: inner instanceof Error && inner !== err ? safeError(inner) : undefined,
  };
}

/** grammY puts the request URL (with the token) into network error messages. */
export function scrub(message: string): string {
  return message.replace(/bot\d+:[A-Za-z0-9_-]+/g, "bot[redacted]").replace(/\b\d{6,}\b/g, "[n]");
}
