/**
 * The full scenario the security tests replay: readers choose a language and subscribe (one to a digest),
 * a group subscribes through its administrator, an operator publishes an update that is delivered,
 * and starts another one (its conversation state stays stored). Driven only through the emulator,
 * so it runs the same against an in-process app or a child process.
 */
import type { BotApiEmulator } from "../../src/sandbox/emulator.js";
import type { TestUser } from "../../src/sandbox/test-user.js";
import type { SentMessage } from "../../src/sandbox/types.js";

/** Identities chosen to be found if they leak: 10-digit user ids and a -100… supergroup id. */
export const PEOPLE = {
  reader: { id: 7_304_918_265, first_name: "Zhanargul", username: "zhanargul_k", language_code: "ru" },
  digest: { id: 8_415_029_376, first_name: "Timurlan", username: "timurlan_b", language_code: "en" },
  admin: { id: 9_526_130_487, first_name: "Aizhan", username: "aizhan_admin", language_code: "fr" },
  operator: { id: 6_193_807_254, first_name: "Operatorka", username: "relay_operator", language_code: "en" },
} as const;
export const GROUP = { id: -1_001_987_654_321, title: "Almaty solidarity" } as const;

/** Texts people send: they must never reach a log line or the database. */
export const SECRET_TEXTS = ["Nurlan was taken from Abai Street", "draft about the night shift"];
export const UPDATE_TEXT = "Released today: the journalist is free and safe.";

export const allIds = () => [...Object.values(PEOPLE).map((p) => p.id), GROUP.id];

/** How long one step may take; a test with armed faults (auto-retry backs off 3 s, then 6 s…) raises it. */
let stepTimeoutMs = 15_000;

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = stepTimeoutMs): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`scenario: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The last message of the bot in a chat that has a button with this callback data. */
function withButton(messages: SentMessage[], data: string): SentMessage | undefined {
  return [...messages]
    .reverse()
    .find((m) =>
      m.reply_markup?.inline_keyboard.flat().some((b) => "callback_data" in b && b.callback_data === data),
    );
}

async function press(user: TestUser, data: string, chatMessages: () => SentMessage[] = () => user.replies()) {
  const message = await until(`a button ${data}`, () => withButton(chatMessages(), data));
  const { answer } = await user.press(message, data, { timeoutMs: stepTimeoutMs });
  return answer;
}

export interface ScenarioActors {
  reader: TestUser;
  digest: TestUser;
  admin: TestUser;
  operator: TestUser;
  groupId: number;
}

export async function runScenario(
  emulator: BotApiEmulator,
  options: { stepTimeoutMs?: number } = {},
): Promise<ScenarioActors> {
  stepTimeoutMs = options.stepTimeoutMs ?? 15_000;
  const reader = emulator.user(PEOPLE.reader);
  const digest = emulator.user(PEOPLE.digest);
  const admin = emulator.user(PEOPLE.admin);
  const operator = emulator.user(PEOPLE.operator);
  const group = emulator.group({ id: GROUP.id, title: GROUP.title, admins: [admin], type: "supergroup" });
  const replyTo = async (user: TestUser, text: string) => {
    const before = user.replies().length;
    user.send(text);
    return until(`a reply to ${text}`, () => user.replies()[before]);
  };

  // Readers: a language choice, an instant and a digest subscription, a question with private text.
  await replyTo(reader, "/start");
  await replyTo(reader, "/lang ru");
  await replyTo(reader, "/subscribe");
  await replyTo(reader, SECRET_TEXTS[0] as string);
  await replyTo(digest, "/subscribe");
  await replyTo(digest, "/settings");
  await press(digest, "st:c:daily");

  // A group subscribed by its administrator.
  const groupBefore = group.replies().length;
  group.send(admin, `/subscribe@${emulator.botInfo.username}`);
  await until("the group's confirmation", () => group.replies()[groupBefore]);

  // An operator publishes an update; it reaches the instant subscribers and the group.
  await replyTo(operator, "/post");
  await replyTo(operator, UPDATE_TEXT);
  await press(operator, "op:l:en");
  await press(operator, "op:done");
  await press(operator, "op:sens:0");
  await press(operator, "op:ok");
  const delivered = (chat: number) => emulator.sent(chat).find((m) => m.text?.includes(UPDATE_TEXT));
  await until("the update in the reader's chat", () => delivered(reader.id));
  await until("the update in the group", () => delivered(group.id));

  // A second draft left half-way: its conversation state stays in the database.
  await replyTo(operator, "/post");
  await replyTo(operator, SECRET_TEXTS[1] as string);

  await emulator.waitForIdle(stepTimeoutMs);
  return { reader, digest, admin, operator, groupId: group.id };
}
