import { SANDBOX_HELPER_LINES } from "./sandbox-options.js";
import type { ChatState } from "./terminal.js";
import type { TestUser } from "./test-user.js";

const SANDBOX_CHANNEL = {
  id: -1001000000001,
  type: "channel" as const,
  title: "Sandbox channel",
  username: "sandbox_channel",
};

/** "/sandbox …": another user, a group, a forwarded text, a photo. */
export function sandboxHelper(args: string, state: ChatState, write: (line?: string) => void): boolean {
  const [verb = "", ...rest] = args.split(/\s+/);
  const text = rest.join(" ");
  switch (verb.toLowerCase()) {
    case "user": {
      const n = Number(text || "1");
      if (n !== 1 && n !== 2) {
        write("(/sandbox user 1 or /sandbox user 2)");
        return false;
      }
      if (n === 2 && state.users.length < 2) {
        const first = state.users[0] as TestUser;
        state.users.push(
          state.emulator.user({
            first_name: "Second",
            username: "sandbox_second",
            language_code: first.user.language_code,
          }),
        );
      }
      state.user = state.users[n - 1] as TestUser;
      state.lastWithButtons = undefined;
      write(`(you are now user ${n}${state.inGroup ? ", in the group" : ""})`);
      return false;
    }
    case "group": {
      if (!state.group) {
        const first = state.users[0] as TestUser;
        state.group = state.emulator.group({
          title: "Sandbox group",
          creator: first,
          members: state.users.slice(1),
        });
        state.group.addBot(first);
      }
      state.inGroup = true;
      state.lastWithButtons = undefined;
      write(
        "(you now write in the group “Sandbox group”, where user 1 is the admin; /sandbox private: back)",
      );
      return false;
    }
    case "private":
      state.inGroup = false;
      state.lastWithButtons = undefined;
      write("(you now write in your private chat with the bot)");
      return false;
    case "forward": {
      if (!text) {
        write("(/sandbox forward TEXT)");
        return false;
      }
      state.user.forward({ text }, { type: "channel", chat: SANDBOX_CHANNEL, message_id: 1 });
      write(`you (forwarded from Sandbox channel) › ${text}`);
      return true;
    }
    case "photo":
      state.user.sendPhoto(text ? { caption: text } : {});
      write(`you › [photo]${text ? ` ${text}` : ""}`);
      return true;
    default:
      for (const l of SANDBOX_HELPER_LINES) write(`  ${l}`);
      return false;
  }
}
