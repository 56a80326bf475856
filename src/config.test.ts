import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, takeConfig } from "./config.js";

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
    [{ WEBHOOK_URL: "https://example.org/hook", PORT: "8080" }, "WEBHOOK_SECRET"],
    [{ TELEGRAM_PROXY: "ftp://127.0.0.1:21" }, "TELEGRAM_PROXY"],
    [{ TELEGRAM_PROXY: "socks5://127.0.0.1" }, "TELEGRAM_PROXY"],
    [{ TELEGRAM_PROXY: "127.0.0.1:1080" }, "TELEGRAM_PROXY"],
    [{ TELEGRAM_PROXY: "http://127.0.0.1:3128/path" }, "TELEGRAM_PROXY"],
  ])("rejects %j naming %s", (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it("logs only warnings and worse by default in production, info elsewhere, and obeys LOG_LEVEL", () => {
    const real = { BOT_TOKEN: TOKEN, DATA_KEY: KEY };
    expect(loadConfig({ ...real, NODE_ENV: "production" }).logLevel).toBe("warn");
    expect(loadConfig(real).logLevel).toBe("info");
    expect(loadConfig({ ...real, NODE_ENV: "production", LOG_LEVEL: "info" }).logLevel).toBe("info");
  });

  it("never echoes the token in its error", () => {
    const bad = "123:short";
    expect(() => loadConfig({ BOT_TOKEN: bad })).toThrow(/^(?!.*123:short)/);
  });

  describe("DATA_KEY_FILE", () => {
    const withFile = (content: string, body: (path: string) => void) => {
      const dir = mkdtempSync(join(tmpdir(), "relay-key-"));
      try {
        const path = join(dir, "data_key");
        writeFileSync(path, content, { mode: 0o600 });
        body(path);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };

    it("reads the key from a file (a trailing newline is fine) and takes both variables out of the environment", () =>
      withFile(`${KEY}\n`, (path) => {
        const env: NodeJS.ProcessEnv = { BOT_TOKEN: TOKEN, DATA_KEY_FILE: path };
        const c = takeConfig(env);
        expect(c.dataKey?.toString("hex")).toBe(KEY);
        expect(env).toEqual({ BOT_TOKEN: TOKEN });
        const direct: NodeJS.ProcessEnv = { BOT_TOKEN: TOKEN, DATA_KEY: KEY };
        expect(takeConfig(direct).dataKey?.toString("hex")).toBe(KEY);
        expect(direct.DATA_KEY).toBeUndefined();
      }));

    it("refuses a file that is missing or does not hold a key, and both ways at once, without echoing it", () =>
      withFile("not a key at all", (path) => {
        expect(() => loadConfig({ BOT_TOKEN: TOKEN, DATA_KEY_FILE: path })).toThrow(
          /^DATA_KEY_FILE must hold 64 hex characters/,
        );
        expect(() => loadConfig({ BOT_TOKEN: TOKEN, DATA_KEY_FILE: `${path}.gone` })).toThrow(
          /^DATA_KEY_FILE could not be read \(ENOENT\)/,
        );
        expect(() => loadConfig({ BOT_TOKEN: TOKEN, DATA_KEY_FILE: path, DATA_KEY: KEY })).toThrow(
          /not both/,
        );
        try {
          loadConfig({ BOT_TOKEN: TOKEN, DATA_KEY_FILE: path });
        } catch (err) {
          expect((err as Error).message).not.toContain("not a key");
        }
      }));
  });

  it("listens on 127.0.0.1 unless HTTP_HOST says otherwise", () => {
    expect(loadConfig({}).httpHost).toBe("127.0.0.1");
    expect(loadConfig({ HTTP_HOST: "0.0.0.0" }).httpHost).toBe("0.0.0.0");
    expect(() => loadConfig({ HTTP_HOST: "a b" })).toThrow(/HTTP_HOST/);
  });

  it("drops the operator's key from audit rows after 48 hours unless AUDIT_KEY_HOURS says otherwise", () => {
    expect(loadConfig({}).auditKeyHours).toBe(48);
    expect(loadConfig({ AUDIT_KEY_HOURS: "720" }).auditKeyHours).toBe(720);
    expect(() => loadConfig({ AUDIT_KEY_HOURS: "0" })).toThrow(/AUDIT_KEY_HOURS/);
  });

  it("takes an age public key for backups, refuses a private one, and keeps 7 backups by default", () => {
    const recipient = "age1n4c6rgnks0z69cg63xr64vqgyzqkhfe6tkc2jen3h36n43lmte4qju2kg6";
    expect(loadConfig({ BACKUP_RECIPIENT: recipient }).backupRecipient).toBe(recipient);
    expect(() => loadConfig({ BACKUP_RECIPIENT: "AGE-SECRET-KEY-1QH82XXXXXXXXXXXXXXXXXXXXXXXXX" })).toThrow(
      /never the private key/,
    );
    expect(loadConfig({}).backupKeep).toBe(7);
    expect(loadConfig({ BACKUP_KEEP: "30" }).backupKeep).toBe(30);
  });

  it("accepts a SOCKS5 or HTTP(S) proxy, and never repeats a refused one's credentials", () => {
    for (const proxy of [
      "socks5://127.0.0.1:1080",
      "socks5h://u:p@proxy.example:1080",
      "https://proxy.example:443",
    ])
      expect(loadConfig({ TELEGRAM_PROXY: proxy }).proxy).toBe(proxy);
    expect(loadConfig({}).proxy).toBeUndefined();
    const refused = () => loadConfig({ TELEGRAM_PROXY: "socks4://agent:s3cr3t-pass@10.1.2.3:1080" });
    expect(refused).toThrow(ConfigError);
    try {
      refused();
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toMatch(/^TELEGRAM_PROXY must be/);
      expect(message).not.toMatch(/s3cr3t|agent:|10\.1\.2\.3/);
      expect(message).not.toContain("\n");
    }
  });
});
