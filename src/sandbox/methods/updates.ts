/** getUpdates (long polling), webhooks, and answers to callback and inline queries. */
import { badRequest, conflict, TEXT } from "../api-error.js";
import { optBool, optInt, optStr } from "../params.js";
import type { Handler } from "./context.js";

const getUpdates: Handler = async (p, { core, signal }) => {
  if (core.webhook.url) throw conflict(TEXT.webhookActive);
  if (Array.isArray(p.allowed_updates)) core.updates.setAllowed(p.allowed_updates as string[]);
  const limit = Math.min(100, Math.max(1, optInt(p, "limit") ?? 100));
  const timeoutMs = Math.max(0, optInt(p, "timeout") ?? 0) * 1000;
  return core.updates.poll({ offset: optInt(p, "offset"), limit, timeoutMs, signal });
};

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

const setWebhook: Handler = (p, { core }) => {
  const url = optStr(p, "url") ?? "";
  if (url === "") {
    core.webhook.clear();
    return true;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest("bad webhook: invalid URL");
  }
  if (!/^https?:$/.test(parsed.protocol) || !LOCAL_HOSTS.has(parsed.hostname))
    throw badRequest("bad webhook: the sandbox delivers only to http(s)://127.0.0.1 or localhost");
  const secret = optStr(p, "secret_token");
  if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret))
    throw badRequest("secret token contains unallowed characters");
  if (Array.isArray(p.allowed_updates)) core.updates.setAllowed(p.allowed_updates as string[]);
  if (optBool(p, "drop_pending_updates")) core.updates.dropAll();
  core.updates.terminatePoll(conflict("terminated by setWebhook request"));
  core.webhook.set(url, secret, optInt(p, "max_connections"));
  return true;
};

const deleteWebhook: Handler = (p, { core }) => {
  core.webhook.clear();
  if (optBool(p, "drop_pending_updates")) core.updates.dropAll();
  return true;
};

const answerCallbackQuery: Handler = (p, { core }) => {
  const id = optStr(p, "callback_query_id") ?? "";
  core.queries.answer("callback", id, p);
  core.events.emit("callbackAnswer", { id, params: p });
  return true;
};

const answerInlineQuery: Handler = (p, { core }) => {
  const id = optStr(p, "inline_query_id") ?? "";
  core.queries.answer("inline", id, p);
  core.events.emit("inlineAnswer", { id, params: p });
  return true;
};

export const updateMethods: Record<string, Handler> = {
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo: (_p, { core }) => core.webhook.info(),
  answerCallbackQuery,
  answerInlineQuery,
};
