/** The HTTP side: listener lifecycle (down/up on the same port), routing, faults, Telegram's envelope. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { ApiError, notFound, unauthorized } from "./api-error.js";
import type { EmulatorCore } from "./core.js";
import type { Dispatcher, Outcome } from "./dispatch.js";
import { BAD_GATEWAY, type Faults } from "./faults.js";
import { MAX_UPLOAD_BYTES } from "./files.js";
import { type ParsedBody, parseRequestBody } from "./request-body.js";

export type ControlHandler = (action: string, body: unknown) => Promise<unknown>;

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The 50 MB a bot may upload, plus room for the other multipart fields. */
const MAX_BODY = MAX_UPLOAD_BYTES + 1024 * 1024;

export class HttpFront {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private boundPort = 0;

  constructor(
    private readonly core: EmulatorCore,
    private readonly dispatcher: Dispatcher,
    private readonly faults: Faults,
    private readonly control: ControlHandler,
  ) {}

  get port(): number {
    return this.boundPort;
  }

  /** Listens on 127.0.0.1 (port 0 picks a free one) and remembers the port for reopening. */
  async listen(port: number): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    // Outlive clients' idle keep-alive sockets (Node's default 5 s closes them under a client mid-request,
    // which the client sees as ECONNRESET), as Telegram's servers do.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    this.boundPort = typeof address === "object" && address ? address.port : port;
    this.server = server;
  }

  /** `down`: close the listener and every connection; up: listen again on the same port. */
  async setDown(down: boolean): Promise<void> {
    if (down) await this.close();
    else if (!this.server) await this.listen(this.boundPort);
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    try {
      const control = /^\/__control\/([\w-]+)\/?$/.exec(url.pathname);
      if (control?.[1]) return await this.serveControl(control[1], req, res);
      const route = /^\/bot([^/]*)\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
      if (!route?.[2]) return reply(res, { ok: false, error: notFound().toBody() });
      if (route[1] !== this.core.token) return reply(res, { ok: false, error: unauthorized().toBody() });
      const body = await readBody(req);
      const parsed = parseRequestBody(req.headers["content-type"], body, url.searchParams);
      await this.serveCall(route[2], parsed, req, res);
    } catch (e) {
      if (e instanceof ApiError) return reply(res, { ok: false, error: e.toBody() });
      const description = `Internal Server Error: ${e instanceof Error ? e.message : String(e)}`;
      reply(res, { ok: false, error: { error_code: 500, description } });
    }
  }

  private async serveCall(
    method: string,
    { params, files }: ParsedBody,
    req: IncomingMessage,
    res: ServerResponse,
  ) {
    const at = this.core.now();
    const tracked = method.toLowerCase() !== "getupdates";
    if (tracked) this.core.activity.begin();
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    try {
      const latency = this.faults.currentLatency;
      if (latency > 0) await new Promise((r) => setTimeout(r, latency));
      const fault = this.faults.take(method);
      const early = fault && !("afterExecute" in fault && fault.afterExecute) ? fault : undefined;
      if (early) {
        const error = early.kind === "fail" ? early.error : early.kind === "5xx" ? BAD_GATEWAY : undefined;
        const outcome: Outcome = {
          ok: false,
          error: error ?? { error_code: 0, description: `sandbox fault: ${early.kind}` },
        };
        this.dispatcher.record(method, params, at, outcome, { fault: early.kind, via: "http" });
        if (early.kind === "reset") req.socket.destroy();
        else if (error) reply(res, outcome);
        return; // "hang": the response stays open until close() destroys the socket
      }
      const outcome = await this.dispatcher.execute(method, params, files, abort.signal);
      this.dispatcher.record(
        method,
        params,
        at,
        outcome,
        fault ? { fault: fault.kind, via: "http" } : { via: "http" },
      );
      if (fault?.kind === "reset") req.socket.destroy();
      else if (fault?.kind !== "hang") reply(res, outcome);
    } finally {
      if (tracked) this.core.activity.end();
    }
  }

  private async serveControl(action: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = (await readBody(req)).toString("utf8");
    try {
      const result = await this.control(action, text ? JSON.parse(text) : {});
      writeJson(res, 200, { ok: true, result: result ?? true });
    } catch (e) {
      const status = e instanceof ControlError ? e.status : 400;
      writeJson(res, status, { ok: false, description: e instanceof Error ? e.message : String(e) });
    }
  }
}

/** The whole body; past MAX_BODY the rest is read and dropped, and the call gets Telegram's 413. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on("end", () =>
      size > MAX_BODY
        ? reject(new ApiError(413, "Request Entity Too Large"))
        : resolve(Buffer.concat(chunks)),
    );
    req.on("error", reject);
  });
}

/** Telegram's envelope with the matching HTTP status. */
function reply(res: ServerResponse, outcome: Outcome): void {
  if (outcome.ok) writeJson(res, 200, { ok: true, result: outcome.result });
  else writeJson(res, outcome.error.error_code || 500, { ok: false, ...outcome.error });
}

function writeJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
