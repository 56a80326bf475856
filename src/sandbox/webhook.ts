/** Webhook delivery: POSTs each pending update to the bot in order, retrying with backoff until it answers 2xx. */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Update, WebhookInfo } from "grammy/types";
import type { EmulatorCore } from "./core.js";
import type { Params } from "./types.js";

type Outcome = { ok: true; reply?: { method: string; params: Params } } | { ok: false; error: string };

const MAX_BACKOFF_MS = 2000;

export class WebhookDelivery {
  url: string | undefined;
  secret: string | undefined;
  maxConnections = 40;
  busy = false;
  /** Runs a method the bot returned in its webhook response body (a "webhook reply"). */
  onReply: ((method: string, params: Params) => Promise<void>) | undefined;
  private lastError: { date: number; message: string } | undefined;
  private running = false;
  private closed = false;
  private attempts = 0;

  constructor(private readonly core: EmulatorCore) {}

  set(url: string, secret: string | undefined, maxConnections: number | undefined): void {
    this.url = url;
    this.secret = secret;
    this.maxConnections = maxConnections ?? 40;
    this.kick();
  }

  clear(): void {
    this.url = undefined;
    this.secret = undefined;
    this.lastError = undefined;
  }

  close(): void {
    this.closed = true;
  }

  get deliveryAttempts(): number {
    return this.attempts;
  }

  info(): WebhookInfo {
    const info: WebhookInfo = {
      url: this.url ?? "",
      has_custom_certificate: false,
      pending_update_count: this.core.updates.pendingCount,
    };
    if (this.url) Object.assign(info, { max_connections: this.maxConnections, ip_address: "127.0.0.1" });
    const allowed = this.core.updates.allowedUpdates;
    if (this.url && allowed) info.allowed_updates = allowed as WebhookInfo["allowed_updates"];
    if (this.lastError)
      Object.assign(info, {
        last_error_date: this.lastError.date,
        last_error_message: this.lastError.message,
      });
    return info;
  }

  /** Starts the delivery loop if a webhook is set and it is not already running. */
  kick(): void {
    if (!this.url || this.running || this.closed) return;
    this.running = true;
    void this.loop().finally(() => {
      this.running = false;
      this.busy = false;
    });
  }

  private async loop(): Promise<void> {
    let backoff = 100;
    for (;;) {
      const url = this.url;
      const update = this.core.updates.peek();
      if (!url || !update || this.closed) return;
      this.busy = true;
      this.attempts++;
      const outcome = await this.post(url, update);
      if (outcome.ok) {
        this.core.updates.markDelivered(update);
        this.core.updates.confirm(update.update_id + 1);
        backoff = 100;
        if (outcome.reply) await this.onReply?.(outcome.reply.method, outcome.reply.params);
      } else {
        this.lastError = { date: this.core.nowSeconds(), message: outcome.error };
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
      this.busy = false;
      this.core.activity.touch();
    }
  }

  private post(url: string, update: Update): Promise<Outcome> {
    const body = Buffer.from(JSON.stringify(update));
    const headers: Record<string, string | number> = {
      "content-type": "application/json",
      "content-length": body.length,
    };
    if (this.secret) headers["X-Telegram-Bot-Api-Secret-Token"] = this.secret;
    const send = url.startsWith("https:") ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      const req = send(url, { method: "POST", headers, timeout: 60_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300)
            return resolve({
              ok: false,
              error: `Wrong response from the webhook: ${status} ${res.statusMessage ?? ""}`.trim(),
            });
          resolve({ ok: true, reply: webhookReply(Buffer.concat(chunks).toString("utf8")) });
        });
        res.on("error", (e) => resolve({ ok: false, error: e.message }));
      });
      req.on("timeout", () => req.destroy(new Error("Read timeout expired")));
      req.on("error", (e: NodeJS.ErrnoException) =>
        resolve({ ok: false, error: e.code === "ECONNREFUSED" ? "Connection refused" : e.message }),
      );
      req.end(body);
    });
  }
}

function webhookReply(body: string): { method: string; params: Params } | undefined {
  try {
    const parsed = JSON.parse(body) as Params;
    if (typeof parsed.method !== "string") return undefined;
    const { method, ...params } = parsed;
    return { method, params };
  } catch {
    return undefined;
  }
}
