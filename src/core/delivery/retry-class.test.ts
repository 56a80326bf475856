import { describe, expect, it } from "vitest";
import { classifyFailure, retryDelayMs } from "./retry-class.js";

const api = (code: number, description: string, extra: object = {}) => ({
  kind: "api" as const,
  code,
  description,
  ...extra,
});

describe("classifyFailure", () => {
  it("waits out a 429 for the time Telegram asks", () => {
    expect(classifyFailure(api(429, "Too Many Requests: retry after 7", { retryAfter: 7 }))).toEqual({
      action: "wait",
      ms: 7000,
    });
  });

  it.each([
    [403, "Forbidden: bot was blocked by the user"],
    [403, "Forbidden: user is deactivated"],
    [403, "Forbidden: bot was kicked from the group chat"],
    [400, "Bad Request: chat not found"],
  ])("retires the chat on %i %s", (code, description) => {
    expect(classifyFailure(api(code, description))).toEqual({ action: "retire" });
  });

  it("follows a group that became a supergroup", () => {
    const failure = api(400, "Bad Request: group chat was upgraded to a supergroup chat", {
      migrateTo: -1001234,
    });
    expect(classifyFailure(failure)).toEqual({ action: "migrate", chatId: -1001234 });
  });

  it("retries server errors and refused connections, and only resends when the outcome is unknown", () => {
    expect(classifyFailure(api(502, "Bad Gateway"))).toEqual({ action: "retry" });
    expect(classifyFailure({ kind: "network", code: "ECONNREFUSED", message: "" })).toEqual({
      action: "retry",
    });
    expect(classifyFailure({ kind: "network", code: "ECONNRESET", message: "" })).toEqual({
      action: "unknown",
    });
    expect(classifyFailure({ kind: "network", message: "timed out" })).toEqual({ action: "unknown" });
  });

  it("never retries another 4xx", () => {
    expect(classifyFailure(api(400, "Bad Request: can't parse entities"))).toEqual({ action: "fail" });
    expect(classifyFailure(api(400, "Bad Request: message can't be deleted"), "delete")).toEqual({
      action: "fail",
    });
  });

  it("counts an edit to the same text and a deletion of a deleted message as done", () => {
    expect(classifyFailure(api(400, "Bad Request: message is not modified"), "edit")).toEqual({
      action: "done",
    });
    expect(classifyFailure(api(400, "Bad Request: message to delete not found"), "delete")).toEqual({
      action: "done",
    });
  });
});

describe("retryDelayMs", () => {
  it("doubles from a second and stops at a minute", () => {
    expect([1, 2, 3, 10].map(retryDelayMs)).toEqual([1000, 2000, 4000, 60_000]);
  });
});
