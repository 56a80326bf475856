import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Bot, webhookCallback } from "grammy";
import type { RelayContext } from "../bot/context.js";
import type { Logger } from "../logger.js";

/** Telegram's updates are a few kilobytes; anything far larger is not from Telegram. */
const MAX_BODY_BYTES = 1 << 20;
const SECRET_HEADER = "x-telegram-bot-api-secret-token";

/**
 * Where Telegram posts: WEBHOOK_URL as given, or with /telegram appended when it has no path,
 * so the server never has to answer updates on "/". The token is never part of it (config refuses that).
 */
export function webhookTarget(webhookUrl: string): { url: string; path: string } {
  const url = new URL(webhookUrl);
  if (url.pathname === "/" || url.pathname === "") url.pathname = "/telegram";
  return { url: url.toString(), path: url.pathname };
}

/** Constant-time comparison of the secret header; a missing header never matches. */
export function secretMatches(header: string | string[] | undefined, secret: string): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return false;
  const a = Buffer.from(value);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * grammY's webhookCallback ("http" adapter) behind two checks: the secret header (401, body never read,
 * update never processed) and a size bound. A handler slower than 9 s is answered 200 and finishes in
 * the background, so Telegram does not send the same update again. Handler errors never reach here:
 * the bot's error boundary (create-bot.ts) takes them, as under long polling.
 */
export function webhookHandler(
  bot: Bot<RelayContext>,
  secret: string,
  logger: Logger,
  onWork: () => void,
  now: () => number = Date.now,
  /** How long an update may take before Telegram is answered anyway (tests shorten it). */
  timeoutMs = 9_000,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  // Anyone can post to the URL: one line a minute at most, or a flood of probes fills the disk.
  const refused = rateLimitedWarning(logger, now);
  const callback = webhookCallback(bot, "http", {
    secretToken: secret,
    onTimeout: "return",
    timeoutMilliseconds: timeoutMs,
  });
  return async (req, res) => {
    if (!secretMatches(req.headers[SECRET_HEADER], secret)) {
      req.resume();
      res.writeHead(401, { "content-type": "text/plain" }).end("unauthorized");
      refused("webhook request without the right secret token refused");
      return;
    }
    const length = Number(req.headers["content-length"]);
    if (!Number.isFinite(length) || length > MAX_BODY_BYTES) {
      req.resume();
      refused("webhook request without a length or over 1 MiB refused");
      res.writeHead(length > MAX_BODY_BYTES ? 413 : 411).end();
      return;
    }
    try {
      await callback(req, res);
      onWork();
    } catch {
      // The body was not JSON (its text is not logged: it could be anyone's message).
      if (!res.headersSent) res.writeHead(400, { "content-type": "text/plain" }).end("bad request");
      refused("webhook request with an unreadable body refused");
    }
  };
}

/** Logs at most one line a minute, saying how many refusals went unlogged since the last one. */
export function rateLimitedWarning(logger: Logger, now: () => number, everyMs = 60_000) {
  let last: number | undefined;
  let unlogged = 0;
  return (message: string): void => {
    const t = now();
    if (last !== undefined && t - last < everyMs) {
      unlogged++;
      return;
    }
    logger.warn({ unloggedSinceLast: unlogged }, message);
    last = t;
    unlogged = 0;
  };
}
