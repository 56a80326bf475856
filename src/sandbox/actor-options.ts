/** Options for the test actors the emulator creates. */
import type { TestUser } from "./test-user.js";

export interface UserOptions {
  id?: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  /** False: the user never opened the bot, so sends answer 403 "bot can't initiate conversation". Default true. */
  started?: boolean;
}

export interface GroupOptions {
  id?: number;
  title?: string;
  username?: string;
  /** Default "supergroup" (ids -100…); "group" for a basic group that can migrate(). */
  type?: "group" | "supergroup";
  creator?: TestUser;
  admins?: TestUser[];
  members?: TestUser[];
  /** The bot joins as an administrator instead of a member. */
  botIsAdmin?: boolean;
}
