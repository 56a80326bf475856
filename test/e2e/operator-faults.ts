/** /post, /edit and /retract with a failure injected at each step: shared by the 429 and the 5xx runs. */
import { expect } from "vitest";
import type { TestUser } from "../../src/sandbox/test-user.js";
import type { ApiErrorBody } from "../../src/sandbox/types.js";
import { until } from "../fault/relay-process.js";
import { type Harness, lastWithButtons, say, startHarness, TELEGRAM_RATES } from "./delivery-harness.js";

export const TOO_MANY: ApiErrorBody = {
  error_code: 429,
  description: "Too Many Requests: retry after 1",
  parameters: { retry_after: 1 },
};
export const BAD_GATEWAY: ApiErrorBody = { error_code: 502, description: "Bad Gateway" };

/**
 * One operator step with a failure injected on the bot's next call of `method`: acts, then waits (on
 * the condition, not on idleness: the bot may be waiting out the failure) until the next step shows.
 */
async function hit(
  h: Harness,
  op: TestUser,
  fault: ApiErrorBody,
  act: () => unknown,
  shows: RegExp,
  method = "sendMessage",
) {
  const before = op.replies().length;
  const applied = h.emulator.faults.log.filter((f) => f.phase === "applied").length;
  h.emulator.faults.failNext(method, fault);
  await act();
  await until(
    () =>
      op
        .replies()
        .slice(before)
        .some((m) => shows.test(m.text ?? "")) || shows.test(op.lastReply?.text ?? ""),
    30_000,
    shows.source,
  );
  // The failure did happen on this step: the step got through in spite of it, not around it.
  expect(h.emulator.faults.log.filter((f) => f.phase === "applied").length).toBe(applied + 1);
}

const button = (op: TestUser, label: string) => () => op.press(lastWithButtons(op) as never, label);

/** /post, /edit then /retract of one update, with `fault` injected at every step. */
export async function everyStepScenario(fault: ApiErrorBody) {
  const h = await startHarness({ rateLimit: TELEGRAM_RATES });
  try {
    const reader = h.emulator.user({ language_code: "ru" });
    await say(h, reader, "/subscribe");
    const op = h.operator;
    await hit(h, op, fault, () => op.send("/post"), /^Send the update/);
    await hit(h, op, fault, () => op.send("Released after 3 days."), /^Which language is it in\?/);
    await hit(h, op, fault, button(op, "English"), /^Languages so far: English\./);
    await hit(h, op, fault, button(op, "+ Русский"), /^Send the text in Russian/);
    await hit(h, op, fault, () => op.send("Освобождён через 3 дня."), /^Languages so far: English, Russian/);
    await hit(h, op, fault, button(op, "No more languages"), /^Is this update sensitive\?/);
    await hit(h, op, fault, button(op, "Not sensitive"), /^Publish now\? At once: 1 subscriber;/);
    await hit(h, op, fault, button(op, "Publish"), /^Publishing #1 to 1 recipient…/);
    await h.settle(30_000);
    await until(() => reader.lastReply?.text === "Освобождён через 3 дня.", 30_000, "the delivery");

    await hit(h, op, fault, () => op.send("/edit 1"), /^Correct update #1: which language\?/);
    await hit(h, op, fault, button(op, "Русский"), /^Send the text in Russian/);
    await hit(h, op, fault, () => op.send("Освобождены трое."), /^Replace update #1/);
    await hit(
      h,
      op,
      fault,
      button(op, "Apply the correction"),
      /^Update #1 corrected\. Being edited: 1 message\./,
    );
    await h.settle(30_000);
    await until(() => reader.lastReply?.text === "Освобождены трое.", 30_000, "the correction");
    expect(reader.lastReply?.edited).toBe(true);

    await hit(h, op, fault, () => op.send("/retract 1"), /^Retract update #1\?/);
    const ask = lastWithButtons(op);
    await hit(
      h,
      op,
      fault,
      () => op.press(ask as never, "Retract"),
      /^Update #1 retracted\. Pending deliveries stopped: 0\. Being deleted: 1 message\./,
      "editMessageText",
    );
    await h.settle(30_000);
    await until(() => reader.lastReply?.deleted === true, 30_000, "the deletion");
  } finally {
    await h.stop();
  }
}
