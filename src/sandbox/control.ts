/**
 * Driving the emulator over HTTP, for a bot or benchmark in another process: `POST /__control/<action>` with a
 * JSON body; answers `{ok:true,result}` or `{ok:false,description}`. See control-client.ts for the typed client.
 */
import type { BotApiEmulator } from "./emulator.js";
import { ControlError, type ControlHandler } from "./http-front.js";
import { isRecord } from "./params.js";
import type { TestUser } from "./test-user.js";
import type { RateLimitOptions } from "./types.js";

type Body = Record<string, unknown>;

const num = (b: Body, key: string): number => {
  const v = b[key];
  if (typeof v !== "number") throw new ControlError(400, `"${key}" must be a number`);
  return v;
};
const str = (b: Body, key: string): string => {
  const v = b[key];
  if (typeof v !== "string") throw new ControlError(400, `"${key}" must be a string`);
  return v;
};
const optNum = (b: Body, key: string) => (typeof b[key] === "number" ? (b[key] as number) : undefined);

/** The control actions; each takes the JSON body and returns the result. */
export function createControl(emulator: BotApiEmulator): ControlHandler {
  const user = (b: Body): TestUser => {
    const id = num(b, "user_id");
    const found = emulator.userById(id);
    if (!found) throw new ControlError(404, `no sandbox user ${id}`);
    return found;
  };
  const chatId = (b: Body) => optNum(b, "chat_id") ?? num(b, "user_id");
  const actions: Record<string, (b: Body) => unknown> = {
    user: (b) => {
      const u = emulator.user(b);
      return { id: u.id, chat_id: u.id, user: u.user };
    },
    users: (b) => {
      const count = num(b, "count");
      const lang = typeof b.language_code === "string" ? b.language_code : undefined;
      return { ids: Array.from({ length: count }, () => emulator.user({ language_code: lang }).id) };
    },
    send: (b) => user(b).send(str(b, "text"), isRecord(b.extra) ? b.extra : {}),
    press: (b) => {
      const target =
        optNum(b, "chat_id") === undefined
          ? num(b, "message_id")
          : { chat_id: num(b, "chat_id"), message_id: num(b, "message_id") };
      const button = isRecord(b.button)
        ? { row: num(b.button, "row"), col: num(b.button, "col") }
        : str(b, "button");
      return user(b).press(target, button, { timeoutMs: optNum(b, "timeout_ms") });
    },
    inline: (b) =>
      user(b).inline(str(b, "query"), {
        offset: b.offset as string | undefined,
        timeoutMs: optNum(b, "timeout_ms"),
      }),
    "next-reply": (b) => {
      const id = chatId(b);
      const actor = emulator.userById(id) ?? emulator.groupById(id);
      if (!actor) throw new ControlError(404, `no sandbox chat ${id}`);
      return actor.nextReply(optNum(b, "timeout_ms") ?? 2000);
    },
    replies: (b) => emulator.sent(chatId(b)).filter((m) => m.message_id > (optNum(b, "after") ?? 0)),
    block: (b) => user(b).block(),
    unblock: (b) => user(b).unblock(),
    deactivate: (b) => user(b).deactivate(),
    stats: () => emulator.stats(),
    calls: (b) => {
      const method = typeof b.method === "string" ? b.method.toLowerCase() : undefined;
      return emulator.calls
        .slice(optNum(b, "since") ?? 0)
        .filter((c) => !method || c.method.toLowerCase() === method);
    },
    sent: (b) => emulator.sent(optNum(b, "chat_id")),
    reset: () => emulator.reset(),
    "rate-limit": (b) => {
      emulator.setRateLimit(
        Object.keys(b).length === 0 || b.off === true ? undefined : (b as RateLimitOptions),
      );
      return emulator.rateLimit ?? null;
    },
    "wait-for-idle": (b) => emulator.waitForIdle(optNum(b, "timeout_ms") ?? 5000),
    "advance-clock": (b) => {
      emulator.advanceClock(num(b, "ms"));
      return { now: emulator.now() };
    },
    fault: (b) => applyFault(emulator, b),
    info: () => ({
      apiRoot: emulator.apiRoot,
      token: emulator.token,
      bot: emulator.botInfo,
      webhook: emulator.webhookInfo,
    }),
  };
  return async (action, body) => {
    const run = actions[action];
    if (!run) throw new ControlError(404, `unknown control action "${action}"`);
    return await run(isRecord(body) ? body : {});
  };
}

function applyFault(emulator: BotApiEmulator, b: Body): unknown {
  const f = emulator.faults;
  const method = typeof b.method === "string" ? b.method : "*";
  const count = optNum(b, "count") ?? 1;
  const afterExecute = b.after_execute === true;
  switch (b.kind) {
    case "fail":
      if (!isRecord(b.error)) throw new ControlError(400, '"error" must be {error_code, description}');
      f.failNext(
        method,
        { error_code: num(b.error, "error_code"), description: str(b.error, "description") },
        count,
      );
      break;
    case "5xx":
      f.status5xx(count);
      break;
    case "hang":
      f.hang(method, count, { afterExecute });
      break;
    case "reset":
      f.resetNext(method, count, { afterExecute });
      break;
    case "latency":
      f.latency(num(b, "ms"));
      break;
    case "outage":
      f.outageUntil(emulator.now() + num(b, "ms"), b.answer === "reset" ? "reset" : "5xx");
      break;
    case "down":
      // Answer first: the listener that carries this response is the one going down.
      setTimeout(() => void f.down(b.down !== false), 20);
      if (b.down !== false && optNum(b, "up_after_ms") !== undefined)
        setTimeout(() => void f.down(false), 20 + num(b, "up_after_ms"));
      break;
    default:
      throw new ControlError(
        400,
        'kind must be "fail", "5xx", "hang", "reset", "latency", "outage" or "down"',
      );
  }
  return { armed: f.log.length };
}
