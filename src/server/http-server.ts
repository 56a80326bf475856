import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../logger.js";
import type { HealthReport } from "./health.js";

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface HttpOptions {
  port: number;
  /** HTTP_HOST: 127.0.0.1 unless configured (a webhook in a container needs 0.0.0.0). */
  host: string;
  health: () => HealthReport;
  /** The webhook route: only POST to exactly this path reaches the bot. */
  webhook?: { path: string; handle: RequestHandler };
  logger: Logger;
}

export interface HttpServer {
  port: number;
  host: string;
  close(): Promise<void>;
}

/**
 * One small HTTP server for GET /healthz and, in webhook mode, Telegram's POSTs.
 * Nothing here logs a URL, a header or a body: the webhook path and the secret stay out of the logs.
 */
export async function startHttpServer(options: HttpOptions): Promise<HttpServer> {
  const { logger, webhook } = options;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/healthz") return void health(req, res, options.health);
    if (webhook && path === webhook.path) {
      if (req.method !== "POST") return void plain(res, 405, "method not allowed", { allow: "POST" });
      return void webhook.handle(req, res).catch((err: unknown) => {
        logger.warn({ err }, "webhook request failed");
        if (!res.headersSent) plain(res, 500, "error");
        else res.end();
      });
    }
    req.resume();
    plain(res, 404, "not found");
  });
  // A slow client must not hold a socket forever; Telegram answers well within these.
  server.headersTimeout = 15_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (err) => logger.error({ err }, "http server error"));
  const { port, address: host } = server.address() as AddressInfo;
  logger.info({ port, host, webhook: Boolean(webhook) }, "http server listening");
  return {
    port,
    host,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

function health(req: IncomingMessage, res: ServerResponse, report: () => HealthReport): void {
  req.resume();
  if (req.method !== "GET" && req.method !== "HEAD") {
    plain(res, 405, "method not allowed", { allow: "GET" });
    return;
  }
  let body: HealthReport;
  try {
    body = report();
  } catch {
    body = {
      ok: false,
      status: "failing",
      mode: "polling",
      telegram: { reachable: true },
      database: { writable: false, error: "report failed" },
      loops: {},
    };
  }
  const json = JSON.stringify(body);
  res.writeHead(body.ok ? 200 : 503, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(json),
  });
  res.end(req.method === "HEAD" ? undefined : json);
}

function plain(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
  res.end(text);
}
