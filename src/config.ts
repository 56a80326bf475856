import { readFileSync } from "node:fs";
import type { Lang } from "./core/article/model.js";
import { isLang } from "./core/article/model.js";

/** A missing or malformed setting: main prints the message on one line and exits 1. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

export interface Config {
  /** Undefined: no token, run the local sandbox. */
  token?: string;
  apiRoot: string;
  /** TELEGRAM_PROXY: every Bot API call goes through it. Holds credentials: never log it. */
  proxy?: string;
  databasePath: string;
  /** 32 bytes; undefined only in the sandbox, which makes its own. */
  dataKey?: Buffer;
  operatorIds: number[];
  defaultLanguage: Lang;
  logLevel: string;
  production: boolean;
  channelId?: string;
  channelLanguage: Lang;
  broadcastRate: number;
  retentionDays: number;
  /** Days a /lang choice is kept unused (PREFERENCE_DAYS). */
  preferenceDays: number;
  webhookUrl?: string;
  webhookSecret?: string;
  port?: number;
  /** Interface /healthz and the webhook listen on (HTTP_HOST). Default 127.0.0.1. */
  httpHost: string;
  /** Hours after which an audit row loses the operator's keyed hash (AUDIT_KEY_HOURS). */
  auditKeyHours: number;
  /** age recipient (public key) every backup is encrypted to; undefined: backups are refused. */
  backupRecipient?: string;
  /** Backups kept next to the database; older ones are deleted by the next backup. */
  backupKeep: number;
  /** Milliseconds added to Date.now(): lets tests move time across a restart. */
  clockOffsetMs: number;
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
export const GENERATE_KEY = `node -p "require('crypto').randomBytes(32).toString('hex')"`;

/** Reads and validates the environment; throws ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const production = env.NODE_ENV === "production";
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v === "" ? undefined : v;
  };

  const token = get("BOT_TOKEN");
  // Never echo the token: it would end up in whatever collects stderr.
  if (token && !/^\d{1,20}:[A-Za-z0-9_-]{20,}$/.test(token))
    throw new ConfigError("BOT_TOKEN must look like 123456789:AA… (the token from @BotFather)");
  if (!token && production)
    throw new ConfigError(
      "BOT_TOKEN is required with NODE_ENV=production (the sandbox is for development only)",
    );

  const apiRoot = get("TELEGRAM_API_ROOT") ?? "https://api.telegram.org";
  if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(apiRoot) || apiRoot.endsWith("/"))
    throw new ConfigError(
      "TELEGRAM_API_ROOT must be an http(s) URL without a trailing / (e.g. https://api.telegram.org)",
    );

  const keyFile = get("DATA_KEY_FILE");
  if (keyFile && get("DATA_KEY")) throw new ConfigError("set DATA_KEY or DATA_KEY_FILE, not both");
  const rawKey = keyFile ? readKeyFile(keyFile, "DATA_KEY_FILE") : get("DATA_KEY");
  const proxy = get("TELEGRAM_PROXY");
  if (proxy !== undefined) checkProxy(proxy);

  if (rawKey && !/^[0-9a-fA-F]{64}$/.test(rawKey))
    throw new ConfigError(
      `${keyFile ? "DATA_KEY_FILE must hold" : "DATA_KEY must be"} 64 hex characters (generate one with: ${GENERATE_KEY})`,
    );
  if (!rawKey && (token || production))
    throw new ConfigError(`DATA_KEY is required with a real BOT_TOKEN (generate one with: ${GENERATE_KEY})`);

  const operatorIds = (get("OPERATOR_IDS") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      if (!/^\d{1,15}$/.test(s))
        throw new ConfigError("OPERATOR_IDS must be comma-separated numeric user ids");
      return Number(s);
    });

  const defaultLanguage = get("DEFAULT_LANGUAGE") ?? "en";
  if (!isLang(defaultLanguage)) throw new ConfigError("DEFAULT_LANGUAGE must be fr, en or ru");
  const channelLanguage = get("CHANNEL_LANGUAGE") ?? defaultLanguage;
  if (!isLang(channelLanguage)) throw new ConfigError("CHANNEL_LANGUAGE must be fr, en or ru");

  // In production only what needs a human: fewer lines about anyone, even keyed, reach a disk.
  const logLevel = get("LOG_LEVEL") ?? (production ? "warn" : "info");
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`);

  const channelId = get("CHANNEL_ID");
  if (channelId && !/^(-100\d{5,15}|@[A-Za-z][A-Za-z0-9_]{3,31})$/.test(channelId))
    throw new ConfigError("CHANNEL_ID must be a channel id like -1001234567890 or a @username");

  const broadcastRate = int(get("BROADCAST_RATE"), 30, "BROADCAST_RATE", 1, 1000);
  const retentionDays = int(get("RETENTION_DAYS"), 90, "RETENTION_DAYS", 1, 3650);
  const preferenceDays = int(get("PREFERENCE_DAYS"), 30, "PREFERENCE_DAYS", 1, 3650);
  const port = get("PORT") === undefined ? undefined : int(get("PORT"), 0, "PORT", 1, 65535);

  const webhookUrl = get("WEBHOOK_URL");
  const webhookSecret = get("WEBHOOK_SECRET");
  if (webhookUrl) {
    if (!/^https?:\/\/\S+$/.test(webhookUrl)) throw new ConfigError("WEBHOOK_URL must be an http(s) URL");
    if (token && webhookUrl.includes(token))
      throw new ConfigError("WEBHOOK_URL must not contain the bot token");
    if (!webhookSecret || !/^[A-Za-z0-9_-]{16,256}$/.test(webhookSecret))
      throw new ConfigError(
        "WEBHOOK_SECRET is required with WEBHOOK_URL: 16–256 characters of A-Z a-z 0-9 _ -",
      );
    if (port === undefined)
      throw new ConfigError("PORT is required with WEBHOOK_URL (the port the webhook listens on)");
  }

  const httpHost = get("HTTP_HOST") ?? "127.0.0.1";
  if (!/^[0-9A-Za-z.:-]+$/.test(httpHost))
    throw new ConfigError("HTTP_HOST must be an address to listen on, such as 127.0.0.1 or 0.0.0.0");
  const auditKeyHours = int(get("AUDIT_KEY_HOURS"), 48, "AUDIT_KEY_HOURS", 1, 87_600);
  const backupRecipient = get("BACKUP_RECIPIENT");
  if (backupRecipient && !/^age1[0-9a-z]{20,}$/.test(backupRecipient))
    throw new ConfigError("BACKUP_RECIPIENT must be an age public key (age1…), never the private key");
  const backupKeep = int(get("BACKUP_KEEP"), 7, "BACKUP_KEEP", 1, 1000);

  const clockOffsetMs = int(get("RELAY_CLOCK_OFFSET_MS"), 0, "RELAY_CLOCK_OFFSET_MS", -1e13, 1e13);
  if (clockOffsetMs !== 0 && production) throw new ConfigError("RELAY_CLOCK_OFFSET_MS is for tests only");

  return {
    token,
    apiRoot,
    proxy,
    databasePath: get("DATABASE_PATH") ?? "./var/relay.db",
    dataKey: rawKey ? Buffer.from(rawKey, "hex") : undefined,
    operatorIds,
    defaultLanguage,
    logLevel,
    production,
    channelId,
    channelLanguage,
    broadcastRate,
    retentionDays,
    preferenceDays,
    webhookUrl,
    webhookSecret,
    port,
    httpHost,
    auditKeyHours,
    backupRecipient,
    backupKeep,
    clockOffsetMs,
  };
}

/** Reads a key file (a tmpfs secret, a Docker secret, a systemd credential); its content is never echoed. */
export function readKeyFile(path: string, name: string): string {
  try {
    return readFileSync(path, "utf8").trim();
  } catch (err) {
    const code = (err as { code?: string }).code ?? "unreadable";
    throw new ConfigError(`${name} could not be read (${code}): ${path}`);
  }
}

/**
 * Loads the configuration, then removes the key's variables from the environment: nothing started
 * later (a child process, a crash report) inherits them. The process's initial environment block
 * (/proc/PID/environ) keeps what it was started with, which is why DATA_KEY_FILE is the better way.
 */
export function takeConfig(env: NodeJS.ProcessEnv): Config {
  const config = loadConfig(env);
  delete env.DATA_KEY;
  delete env.DATA_KEY_FILE;
  return config;
}

const PROXY_SCHEMES = ["socks5:", "socks5h:", "http:", "https:"];

/** A proxy URL Relay can use; the message never repeats the value, which may hold a password. */
function checkProxy(raw: string): void {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    !PROXY_SCHEMES.includes(url.protocol) ||
    !url.hostname ||
    (!url.port && url.protocol.startsWith("socks")) ||
    (url.pathname !== "" && url.pathname !== "/") ||
    url.search ||
    url.hash
  )
    throw new ConfigError(
      "TELEGRAM_PROXY must be socks5://, socks5h://, http:// or https:// with a host (and a port for SOCKS), e.g. socks5://user:password@127.0.0.1:1080",
    );
}

function int(raw: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw) || n < min || n > max)
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}
