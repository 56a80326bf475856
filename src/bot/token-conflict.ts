import type { Api, Transformer } from "grammy";
import type { Lang } from "../core/article/model.js";
import type { Logger } from "../logger.js";
import type { Translator } from "./i18n.js";

export interface ConflictDeps {
  api: Api;
  operatorIds: readonly number[];
  /** The language an operator chose, if any. */
  languageOf: (userId: number) => Lang | undefined;
  defaultLanguage: Lang;
  translator: Translator;
  logger: Logger;
  /** Called once, after the operators were told (or the time to tell them ran out). */
  stop: () => void;
  /** Longest wait for the warnings before stopping anyway. */
  timeoutMs?: number;
}

/**
 * A getUpdates answered 409 means another program polls with this token: probably a stolen one. The
 * operators hear it in their own chats (the token still works for sending) before the process stops,
 * so the token is revoked, not silently fought over.
 */
export function conflictWatch(deps: ConflictDeps): Transformer {
  let seen = false;
  const warn = async () => {
    deps.logger.fatal(
      "another program is polling with this token (409 Conflict): telling the operators, then stopping",
    );
    const sends = deps.operatorIds.map((id) =>
      deps.api
        .sendMessage(
          id,
          deps.translator.t(deps.languageOf(id) ?? deps.defaultLanguage)("server.token-conflict"),
        )
        .catch((err: unknown) => deps.logger.error({ err }, "could not warn an operator of the conflict")),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, deps.timeoutMs ?? 10_000);
    });
    await Promise.race([Promise.all(sends), timeout]);
    clearTimeout(timer);
  };
  return async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (method === "getUpdates" && !res.ok && res.error_code === 409 && !seen) {
      seen = true;
      void warn().finally(deps.stop);
    }
    return res;
  };
}
