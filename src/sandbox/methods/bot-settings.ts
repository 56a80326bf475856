/** getMe, commands per scope and language, descriptions, names, menu button, logOut/close. */
import type { BotCommand, BotCommandScope } from "grammy/types";
import { badRequest, TEXT } from "../api-error.js";
import { commandKey, scopeKey } from "../bot-profile.js";
import type { EmulatorCore } from "../core.js";
import { optStr } from "../params.js";
import type { Params } from "../types.js";
import { checkScope } from "../validate.js";
import type { Handler } from "./context.js";

/** The storage key of a call's scope + language_code; chat scopes must name a known chat. */
function keyOf(core: EmulatorCore, p: Params): string {
  checkScope(p);
  const scope = (p.scope ?? { type: "default" }) as BotCommandScope & { chat_id?: number | string };
  if ("chat_id" in scope && scope.chat_id !== undefined) {
    const chat = core.store.findChat(scope.chat_id);
    if (!chat) throw badRequest(TEXT.chatNotFound);
    scope.chat_id = chat.id;
  }
  return commandKey(scopeKey(scope), optStr(p, "language_code") ?? "");
}

/** A per-language text setting (description, short description, name). */
function textSetting(map: Map<string, string>, field: string, fallback: () => string) {
  const set: Handler = (p) => {
    const lang = optStr(p, "language_code") ?? "";
    const value = optStr(p, field) ?? "";
    if (value === "") map.delete(lang);
    else map.set(lang, value);
    return true;
  };
  const get: Handler = (p) => ({ [field]: map.get(optStr(p, "language_code") ?? "") ?? fallback() });
  return { set, get };
}

export function botSettingsMethods(core: EmulatorCore): Record<string, Handler> {
  const profile = core.profile;
  const description = textSetting(profile.description, "description", () => "");
  const short = textSetting(profile.shortDescription, "short_description", () => "");
  const name = textSetting(profile.name, "name", () => core.bot.first_name);
  return {
    getMe: () => core.bot,
    logOut: () => true,
    close: () => true,
    setMyCommands: (p) => {
      const commands = (p.commands as BotCommand[]).map(({ command, description }) => ({
        command,
        description,
      }));
      profile.commands.set(keyOf(core, p), commands);
      return true;
    },
    getMyCommands: (p) => profile.commands.get(keyOf(core, p)) ?? [],
    deleteMyCommands: (p) => {
      profile.commands.delete(keyOf(core, p));
      return true;
    },
    setMyDescription: description.set,
    getMyDescription: description.get,
    setMyShortDescription: short.set,
    getMyShortDescription: short.get,
    setMyName: name.set,
    getMyName: name.get,
    setChatMenuButton: () => true,
    getChatMenuButton: () => ({ type: "commands" }),
    setMyDefaultAdministratorRights: () => true,
  };
}
