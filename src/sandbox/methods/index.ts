/** The method table: Bot API method names are case-insensitive. */
import type { EmulatorCore } from "../core.js";
import { botSettingsMethods } from "./bot-settings.js";
import { chatMethods } from "./chats.js";
import type { Handler } from "./context.js";
import { deletePinMethods } from "./delete-pin.js";
import { editMethods } from "./edit.js";
import { mediaMethods } from "./media.js";
import { messageMethods } from "./messages.js";
import { updateMethods } from "./updates.js";

function allMethods(core: EmulatorCore): Record<string, Handler> {
  return {
    ...botSettingsMethods(core),
    ...updateMethods,
    ...messageMethods,
    ...mediaMethods,
    ...editMethods,
    ...deletePinMethods,
    ...chatMethods,
  };
}

export function methodTable(core: EmulatorCore): Map<string, Handler> {
  return new Map(Object.entries(allMethods(core)).map(([name, handler]) => [name.toLowerCase(), handler]));
}

/** Every method the emulator implements, in Telegram's spelling. */
export function implementedMethods(core: EmulatorCore): string[] {
  return Object.keys(allMethods(core));
}
