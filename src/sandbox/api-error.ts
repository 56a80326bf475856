/** Telegram's error envelope and the error texts the emulator answers with. */
import type { ResponseParameters } from "grammy/types";
import type { ApiErrorBody } from "./types.js";

/** A Bot API failure: thrown by validators and methods, turned into `{ok:false,…}` with the same HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly error_code: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
    this.name = "ApiError";
  }

  toBody(): ApiErrorBody {
    return this.parameters
      ? { error_code: this.error_code, description: this.description, parameters: this.parameters }
      : { error_code: this.error_code, description: this.description };
  }
}

/** 400 "Bad Request: …". */
export const badRequest = (message: string, parameters?: ResponseParameters) =>
  new ApiError(400, `Bad Request: ${message}`, parameters);

/** 403 "Forbidden: …". */
export const forbidden = (message: string) => new ApiError(403, `Forbidden: ${message}`);

/** 409 "Conflict: …". */
export const conflict = (message: string) => new ApiError(409, `Conflict: ${message}`);

/** 429 with retry_after in the body, as the Bot API server sends it. */
export const tooManyRequests = (retryAfter: number) =>
  new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });

export const notFound = () => new ApiError(404, "Not Found");
export const unauthorized = () => new ApiError(401, "Unauthorized");

/** The error texts named in TELEGRAM.md and the Bot API server, word for word. */
export const TEXT = {
  chatNotFound: "chat not found",
  textEmpty: "message text is empty",
  textTooLong: "message is too long",
  rawTextTooLong: "text is too long",
  captionTooLong: "message caption is too long",
  buttonData: "BUTTON_DATA_INVALID",
  queryTooOld: "query is too old and response timeout expired or query ID is invalid",
  notModified:
    "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
  editNotFound: "message to edit not found",
  deleteNotFound: "message to delete not found",
  cantDelete: "message can't be deleted",
  cantEdit: "message can't be edited",
  blocked: "bot was blocked by the user",
  deactivated: "user is deactivated",
  cantInitiate: "bot can't initiate conversation with a user",
  migrated: "group chat was upgraded to a supergroup chat",
  pollConflict: "terminated by other getUpdates request; make sure that only one bot instance is running",
  webhookActive:
    "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
  replyNotFound: "message to be replied not found",
} as const;

/** Prefix of every entity-parsing failure. */
export const parseEntitiesError = (detail: string) => badRequest(`can't parse entities: ${detail}`);
