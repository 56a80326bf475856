import type { Bot, Transformer } from "grammy";
import type { RelayContext } from "../bot/context.js";
import type { Config } from "../config.js";
import type { Db } from "../db/open.js";
import type { Logger } from "../logger.js";
import { healthReport } from "./health.js";
import { Heartbeats } from "./heartbeats.js";
import { type HttpServer, startHttpServer } from "./http-server.js";
import { webhookHandler, webhookTarget } from "./webhook.js";

/** Long polling answers at least every 30 s (the runner's timeout); three missed polls mean it is stuck. */
const POLL_STALE_MS = 90_000;
/** The runner's getUpdates timeout (30 s) plus a margin for the network. */
const POLL_IN_FLIGHT_MS = 45_000;

export interface FrontOptions {
  bot: Bot<RelayContext>;
  db: Db;
  config: Pick<Config, "webhookUrl" | "webhookSecret" | "port"> & Partial<Pick<Config, "httpHost">>;
  logger: Logger;
  now: () => number;
  allowedUpdates: readonly string[];
  /** Overrides config.port (tests use 0 for any free port). */
  port?: number;
  /** Since when the delivery side has found Telegram unreachable, if it has. */
  unreachableSince?: () => number | undefined;
}

/**
 * The process's HTTP side: GET /healthz whenever PORT is set, and in webhook mode (WEBHOOK_URL)
 * Telegram's POSTs checked against WEBHOOK_SECRET. Also the heartbeats /healthz reports:
 * "updates" (a getUpdates answer, or a webhook request) and whatever else registers (the dispatcher).
 */
export function createHttpFront(options: FrontOptions) {
  const { bot, db, config, logger, now } = options;
  const mode = config.webhookUrl ? "webhook" : "polling";
  const heartbeats = new Heartbeats(now);
  // Polling must keep polling; a webhook may legitimately hear nothing for hours.
  const polls = new PollWatch(now);
  if (mode === "polling")
    heartbeats.watch(
      "updates",
      () => polls.lastWorkAt,
      (t) => polls.healthy(t),
    );
  else heartbeats.expect("updates", undefined);
  bot.api.config.use(polls.transformer);

  const target = config.webhookUrl ? webhookTarget(config.webhookUrl) : undefined;
  const port = options.port ?? config.port;
  let server: HttpServer | undefined;
  const report = () => {
    const down = options.unreachableSince?.() !== undefined || polls.unreachableSince !== undefined;
    return healthReport(db, heartbeats, mode, !down);
  };

  return {
    mode,
    heartbeats,
    /** What GET /healthz answers. */
    report,
    /** The port listened on, once listening. */
    get port(): number | undefined {
      return server?.port;
    },
    /** The address listened on, once listening. */
    get host(): string | undefined {
      return server?.host;
    },

    /** Starts the HTTP server if PORT is set (always in webhook mode); safe to call again. */
    async listen(): Promise<void> {
      if (server || port === undefined) return;
      server = await startHttpServer({
        port,
        host: config.httpHost ?? "127.0.0.1",
        logger,
        health: () => report(),
        webhook:
          target && config.webhookSecret
            ? {
                path: target.path,
                handle: webhookHandler(
                  bot,
                  config.webhookSecret,
                  logger,
                  () => heartbeats.beat("updates"),
                  now,
                ),
              }
            : undefined,
      });
    },

    /** Webhook mode: tells Telegram where to post, with the secret and the update kinds Relay handles. */
    async setWebhook(): Promise<void> {
      if (!target || !config.webhookSecret) return;
      await bot.api.setWebhook(target.url, {
        secret_token: config.webhookSecret,
        allowed_updates: [...options.allowedUpdates] as never,
        max_connections: 40,
      });
      heartbeats.beat("updates");
      logger.info("webhook set");
    },

    /** Polling mode: a webhook left by an earlier webhook run would make every getUpdates fail with 409. */
    async clearWebhook(): Promise<void> {
      const info = await bot.api.getWebhookInfo();
      if (info.url) {
        await bot.api.deleteWebhook({ drop_pending_updates: false });
        logger.info("webhook removed: polling");
      }
    },

    async close(): Promise<void> {
      await server?.close();
      server = undefined;
    },
  };
}

export type HttpFront = ReturnType<typeof createHttpFront>;

/**
 * Long polling as /healthz sees it. A getUpdates call waits up to 30 s for updates, so the loop is
 * healthy while a call is in flight that has not outlived its timeout (and the last one did not fail),
 * or when a call answered within POLL_STALE_MS. Telegram unreachable: calls fail, it turns unhealthy.
 */
class PollWatch {
  private inFlightSince: number | undefined;
  private lastOkAt: number | undefined;
  private lastFailed = false;
  /** Since when getUpdates has found no Telegram to talk to (network error or 5xx). */
  unreachableSince: number | undefined;

  constructor(private readonly now: () => number) {}

  get lastWorkAt(): number | undefined {
    return this.lastFailed
      ? this.lastOkAt
      : Math.max(this.lastOkAt ?? 0, this.inFlightSince ?? 0) || undefined;
  }

  healthy(t: number): boolean {
    if (this.lastOkAt !== undefined && t - this.lastOkAt <= POLL_STALE_MS) return true;
    return (
      !this.lastFailed && this.inFlightSince !== undefined && t - this.inFlightSince <= POLL_IN_FLIGHT_MS
    );
  }

  readonly transformer: Transformer = async (prev, method, payload, signal) => {
    if (method !== "getUpdates") return prev(method, payload, signal);
    this.inFlightSince = this.now();
    try {
      const res = await prev(method, payload, signal);
      this.lastFailed = !res.ok;
      if (res.ok) this.lastOkAt = this.now();
      if (!res.ok && res.error_code >= 500) this.unreachableSince ??= this.now();
      else this.unreachableSince = undefined;
      return res;
    } catch (err) {
      this.lastFailed = true;
      if (!signal?.aborted) this.unreachableSince ??= this.now();
      throw err;
    } finally {
      this.inFlightSince = undefined;
    }
  };
}
