/** Drives generated updates through the in-process bot and fails with the first violation, shrunk. */
import fc from "fast-check";
import type { Update } from "grammy/types";
import { type InProcessRelay, violations } from "./in-process.js";

/** At least 10,000 per kind of input (the bar); HOSTILE_RUNS lowers it for a quick local run. */
export const RUNS = Number(process.env.HOSTILE_RUNS ?? 10_000);

export const OPERATOR_ID = 5_999_999_999;
const GROUP_ID = -1_009_876_543_210;

let nextUser = 5_200_000_000;
const LANGUAGE_CODES = ["fr", "en", "ru", "uk", "de", "kk", undefined] as const;

/** A fresh person each time: the flood limiter must not be what keeps the bot quiet. */
export function person(i: number, operator = false) {
  const id = operator ? OPERATOR_ID : ++nextUser;
  const language_code = LANGUAGE_CODES[i % LANGUAGE_CODES.length];
  return { id, is_bot: false, first_name: "Hostile", ...(language_code ? { language_code } : {}) };
}

export type Where = "private" | "group" | "operator";
export const where = fc.constantFrom<Where>("private", "private", "private", "group", "operator");

/** A message update in a private chat, a supergroup, or the operator's own chat. */
export function messageUpdate(
  place: Where,
  i: number,
  fields: Record<string, unknown>,
): Omit<Update, "update_id"> {
  const from = person(i, place === "operator");
  const chat =
    place === "group"
      ? { id: GROUP_ID, type: "supergroup", title: "Hostile group" }
      : { id: from.id, type: "private", first_name: from.first_name };
  return { message: { message_id: 100 + i, date: 1_700_000_000, chat, from, ...fields } } as Omit<
    Update,
    "update_id"
  >;
}

/** Text with the bot_command entity a Telegram client would add for a leading /command. */
export function commandFields(text: string): Record<string, unknown> {
  const m = /^\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?/.exec(text);
  return m ? { text, entities: [{ type: "bot_command", offset: 0, length: m[0].length }] } : { text };
}

/** Asserts the invariant for `runs` generated values: answered or ignored, nothing invalid, no error. */
export async function assertHostile<T>(
  relay: InProcessRelay,
  arbitrary: fc.Arbitrary<T>,
  toUpdate: (value: T, i: number) => Omit<Update, "update_id">,
  runs = RUNS,
): Promise<void> {
  let i = 0;
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      const update = toUpdate(value, i++);
      const found = await violations(relay, update);
      if (found.length > 0)
        throw new Error(`${found.join("\n")}\nupdate: ${JSON.stringify(update).slice(0, 600)}`);
    }),
    { numRuns: runs, endOnFailure: true },
  );
}
