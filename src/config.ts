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
  /** DELIVERY_MAX_AGE_HOURS: an update still undelivered after this long (an outage of days) is not sent. */
  deliveryMaxAgeHours: number;
  webhookUrl?: string;
  webhookSecret?: string;
  port?: number;
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

  const rawKey = get("DATA_KEY");
  if (rawKey && !/^[0-9a-fA-F]{64}$/.test(rawKey))
    throw new ConfigError(`DATA_KEY must be 64 hex characters (generate one with: ${GENERATE_KEY})`);
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

  const logLevel = get("LOG_LEVEL") ?? "info";
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`);

  const channelId = get("CHANNEL_ID");
  if (channelId && !/^(-100\d{5,15}|@[A-Za-z][A-Za-z0-9_]{3,31})$/.test(channelId))
    throw new ConfigError("CHANNEL_ID must be a channel id like -1001234567890 or a @username");

  const broadcastRate = int(get("BROADCAST_RATE"), 30, "BROADCAST_RATE", 1, 1000);
  const retentionDays = int(get("RETENTION_DAYS"), 90, "RETENTION_DAYS", 1, 3650);
  // A week: long enough to outlast any shutdown seen so far, short enough that news is still news.
  const deliveryMaxAgeHours = int(get("DELIVERY_MAX_AGE_HOURS"), 168, "DELIVERY_MAX_AGE_HOURS", 1, 24 * 3650);
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

  const clockOffsetMs = int(get("RELAY_CLOCK_OFFSET_MS"), 0, "RELAY_CLOCK_OFFSET_MS", -1e13, 1e13);
  if (clockOffsetMs !== 0 && production) throw new ConfigError("RELAY_CLOCK_OFFSET_MS is for tests only");

  return {
    token,
    apiRoot,
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
    deliveryMaxAgeHours,
    webhookUrl,
    webhookSecret,
    port,
    clockOffsetMs,
  };
}

function int(raw: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw) || n < min || n > max)
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}
