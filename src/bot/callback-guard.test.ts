import { describe, expect, it, vi } from "vitest";
import { createLogger } from "../logger.js";
import { answerEveryCallback } from "./callback-guard.js";
import type { RelayContext } from "./context.js";

function fakeContext() {
  const answers: unknown[] = [];
  const ctx = {
    callbackQuery: { id: "1", data: "x" },
    t: (key: string) => key,
    answerCallbackQuery: vi.fn(async (arg?: unknown) => {
      answers.push(arg);
      return true;
    }),
  } as unknown as RelayContext;
  return { ctx, answers };
}

describe("answerEveryCallback", () => {
  const guard = answerEveryCallback(createLogger("silent"));

  it("answers once with a localized error when the handler throws, and still rethrows", async () => {
    const { ctx, answers } = fakeContext();
    await expect(guard(ctx, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(answers).toEqual([{ text: "errors.generic" }]);
  });

  it("answers a query the handler forgot, and never answers twice", async () => {
    const forgot = fakeContext();
    await guard(forgot.ctx, async () => {});
    expect(forgot.answers).toEqual([undefined]);
    const twice = fakeContext();
    await guard(twice.ctx, async () => {
      await twice.ctx.answerCallbackQuery("a");
      await twice.ctx.answerCallbackQuery("b");
    });
    expect(twice.answers).toEqual(["a"]);
  });
});
