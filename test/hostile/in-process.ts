/**
 * The whole bot, in this process, with no network: updates go in through bot.handleUpdate, and every
 * outgoing call is checked by the emulator's validateCall and answered with a plausible fake result
 * instead of being sent. Built once per test file: ten thousand updates then take seconds.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { Update, UserFromGetMe } from "grammy/types";
import { type App, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import type { Params } from "../../src/sandbox/types.js";
import { validateCall } from "../../src/sandbox/validate.js";

export const TOKEN = "123456789:AAH-in-process-token-never-sent-anywhere";

export const BOT_INFO: UserFromGetMe = {
  id: 123456789,
  is_bot: true,
  first_name: "Relay (tests)",
  username: "relay_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
} as UserFromGetMe;

export interface OutgoingCall {
  method: string;
  payload: Params;
}

export interface Invalid extends OutgoingCall {
  error: string;
}

export interface InProcessRelay {
  app: App;
  /** Every outgoing call since the last `take()`. */
  calls: OutgoingCall[];
  /** Calls the validators refused (they are answered with Telegram's error, as Telegram would). */
  invalid: Invalid[];
  /** Log lines of level error or above ("handler failed" means an error reached the boundary). */
  errors: string[];
  /** Runs one update; resolves when the bot is done with it. Rejects if an error escaped the middleware. */
  handle(update: Omit<Update, "update_id">): Promise<OutgoingCall[]>;
  close(): Promise<void>;
}

let nextUpdateId = 1;
let nextMessageId = 1_000;

/** A plausible result for a call the bot makes; enough for grammY and for the features to go on. */
function fakeResult(method: string, p: Params): unknown {
  const chatId = typeof p.chat_id === "number" ? p.chat_id : 1;
  const chat =
    chatId > 0
      ? { id: chatId, type: "private", first_name: "x" }
      : { id: chatId, type: "supergroup", title: "g" };
  const message = (text: unknown) => ({
    message_id: nextMessageId++,
    date: Math.floor(Date.now() / 1000),
    chat,
    from: BOT_INFO,
    ...(typeof text === "string" ? { text } : {}),
  });
  switch (method) {
    case "sendMessage":
      return message(p.text);
    case "sendPhoto":
    case "sendDocument":
    case "sendVideo":
      return message(undefined);
    case "copyMessage":
      return { message_id: nextMessageId++ };
    case "editMessageText":
      return p.inline_message_id ? true : message(p.text);
    case "getChatMember":
      return { status: "member", user: { id: Number(p.user_id), is_bot: false, first_name: "x" } };
    case "getChatAdministrators":
      return [];
    case "getMe":
      return BOT_INFO;
    case "getMyCommands":
      return [];
    case "getMyDescription":
      return { description: "" };
    case "getMyShortDescription":
      return { short_description: "" };
    default:
      return true;
  }
}

export function inProcessRelay(options: { operatorIds?: number[] } = {}): InProcessRelay {
  const dir = mkdtempSync(join(tmpdir(), "relay-hostile-"));
  const dataKey = randomBytes(32);
  const config = loadConfig({
    BOT_TOKEN: TOKEN,
    DATA_KEY: dataKey.toString("hex"),
    DATABASE_PATH: join(dir, "relay.db"),
    TELEGRAM_API_ROOT: "http://127.0.0.1:9",
    OPERATOR_IDS: (options.operatorIds ?? []).join(","),
  });
  const errors: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      errors.push(String(chunk));
      done();
    },
  });
  const app = createApp({
    config: { ...config, token: TOKEN, dataKey },
    logger: createLogger("error", sink),
    botInfo: BOT_INFO,
  });
  const calls: OutgoingCall[] = [];
  const invalid: Invalid[] = [];
  /** Validates one call and answers it as Telegram would: its error, or a plausible result. */
  const answer = (method: string, payload: unknown): { ok: boolean } & Record<string, unknown> => {
    const params = JSON.parse(JSON.stringify(payload ?? {})) as Params;
    calls.push({ method, payload: params });
    const broken = illFormedString(params);
    if (broken !== undefined) {
      // Telegram takes UTF-8: half a surrogate pair cannot be encoded, and the API refuses the call.
      invalid.push({ method, payload: params, error: `ill-formed UTF-16 in ${broken}` });
      return { ok: false, error_code: 400, description: "Bad Request: strings must be encoded in UTF-8" };
    }
    const verdict = validateCall(method, params);
    if (!verdict.ok) {
      invalid.push({ method, payload: params, error: verdict.description });
      return { ok: false, error_code: verdict.error_code, description: verdict.description };
    }
    return { ok: true, result: fakeResult(method, params) };
  };
  app.bot.api.config.use(async (_prev, method, payload) => answer(method, payload) as never);
  // Contexts made by the conversations plugin get a bare Api built from the bot's client options:
  // a fetch there catches their calls too (nothing ever leaves the process).
  const client = (app.bot as unknown as { clientConfig?: { fetch?: unknown } }).clientConfig;
  if (client)
    client.fetch = async (url: string, init: { body?: unknown }) => {
      const method = String(url).split("/").at(-1) ?? "";
      const body = typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : {};
      const envelope = answer(method, body);
      return { json: async () => envelope };
    };

  return {
    app,
    calls,
    invalid,
    errors,
    async handle(update) {
      const from = calls.length;
      await app.bot.handleUpdate({ update_id: nextUpdateId++, ...update } as Update);
      // A press or inline query over the sender's limit is answered from the slow lane, after
      // handleUpdate returns (src/bot/guards/slow-lane.ts): its one answer belongs to this update.
      await app.relay.slowLane.idle();
      return calls.slice(from);
    },
    async close() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string holding a lone surrogate, if any. */
export function illFormedString(value: unknown, path = "payload"): string | undefined {
  if (typeof value === "string") return LONE_SURROGATE.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = illFormedString(v, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const found = illFormedString(v, `${path}.${k}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Runs one hostile update and returns what broke the invariant: an error that reached the boundary,
 * a call Telegram would refuse, a callback not answered exactly once, a second inline answer,
 * or a message sent to any chat but the one the update came from. Empty: the bot answered or ignored.
 */
export async function violations(
  relay: InProcessRelay,
  update: Omit<Update, "update_id">,
): Promise<string[]> {
  const invalidBefore = relay.invalid.length;
  const errorsBefore = relay.errors.length;
  const out: string[] = [];
  let calls: OutgoingCall[] = [];
  try {
    calls = relay.calls.slice(relay.calls.length);
    const from = relay.calls.length;
    // The bot's error boundary (create-bot.ts) catches handler errors and logs "handler failed".
    await relay.handle(update);
    calls = relay.calls.slice(from);
  } catch (err) {
    out.push(`escaped the error boundary: ${(err as Error).message.slice(0, 200)}`);
  }
  for (const bad of relay.invalid.slice(invalidBefore)) out.push(`invalid ${bad.method}: ${bad.error}`);
  for (const line of relay.errors.slice(errorsBefore))
    out.push(
      `${line.includes('"handler failed"') ? "handler failed" : "logged error"}: ${line.slice(0, 300)}`,
    );
  const count = (m: string) => calls.filter((c) => c.method === m).length;
  if (update.callback_query && count("answerCallbackQuery") !== 1)
    out.push(`callback answered ${count("answerCallbackQuery")} times`);
  if (update.inline_query && count("answerInlineQuery") > 1) out.push("inline query answered twice");
  const chatId = (update.message ?? update.edited_message ?? update.callback_query?.message)?.chat.id;
  for (const c of calls)
    if (c.payload.chat_id !== undefined && chatId !== undefined && c.payload.chat_id !== chatId)
      out.push(`${c.method} to another chat than the update's`);
  return out;
}
