import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

const TOKEN = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0";
const KEY = "ab".repeat(32);

describe("loadConfig", () => {
  it("runs the sandbox with no token and no key outside production", () => {
    const c = loadConfig({});
    expect(c.token).toBeUndefined();
    expect(c.apiRoot).toBe("https://api.telegram.org");
    expect(c.defaultLanguage).toBe("en");
  });

  it("reads a full real configuration", () => {
    const c = loadConfig({
      BOT_TOKEN: TOKEN,
      DATA_KEY: KEY,
      OPERATOR_IDS: "12345, 67890",
      DEFAULT_LANGUAGE: "ru",
      TELEGRAM_API_ROOT: "http://127.0.0.1:8081",
    });
    expect(c.operatorIds).toEqual([12345, 67890]);
    expect(c.dataKey?.length).toBe(32);
    expect(c.apiRoot).toBe("http://127.0.0.1:8081");
  });

  it.each([
    [{ BOT_TOKEN: "nope" }, "BOT_TOKEN"],
    [{ BOT_TOKEN: TOKEN }, "DATA_KEY"],
    [{ BOT_TOKEN: TOKEN, DATA_KEY: "abc" }, "DATA_KEY"],
    [{ NODE_ENV: "production" }, "BOT_TOKEN"],
    [{ NODE_ENV: "production", BOT_TOKEN: TOKEN }, "DATA_KEY"],
    [{ TELEGRAM_API_ROOT: "http://127.0.0.1:8081/" }, "TELEGRAM_API_ROOT"],
    [{ OPERATOR_IDS: "12,abc" }, "OPERATOR_IDS"],
    [{ DEFAULT_LANGUAGE: "de" }, "DEFAULT_LANGUAGE"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ BROADCAST_RATE: "0" }, "BROADCAST_RATE"],
    [{ DELIVERY_MAX_AGE_HOURS: "0" }, "DELIVERY_MAX_AGE_HOURS"],
    [{ DELIVERY_MAX_AGE_HOURS: "a week" }, "DELIVERY_MAX_AGE_HOURS"],
    [{ WEBHOOK_URL: "https://example.org/hook", PORT: "8080" }, "WEBHOOK_SECRET"],
  ])("rejects %j naming %s", (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it("never echoes the token in its error", () => {
    const bad = "123:short";
    expect(() => loadConfig({ BOT_TOKEN: bad })).toThrow(/^(?!.*123:short)/);
  });
});
