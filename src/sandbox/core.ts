/** The emulator's state and clock, shared by the HTTP front, the methods and the test actors. */
import { EventEmitter } from "node:events";
import type { Update, UserFromGetMe } from "grammy/types";
import { Activity } from "./activity.js";
import { BotProfile } from "./bot-profile.js";
import { FileRegistry } from "./files.js";
import { QueryRegistry } from "./queries.js";
import { RateLimiter } from "./rate-limiter.js";
import { Recorder } from "./recorder.js";
import { Store, type StoredMessage, toSentMessage } from "./store.js";
import type { EmulatorEvents, EmulatorOptions, EmulatorStats, MessageEvent } from "./types.js";
import { type UpdateBody, UpdateQueue } from "./update-queue.js";
import { WebhookDelivery } from "./webhook.js";

export const DEFAULT_TOKEN = "123456789:SANDBOX-local-emulator-token";

export class EmulatorCore {
  readonly events = new EventEmitter<EmulatorEvents>();
  readonly token: string;
  readonly bot: UserFromGetMe;
  readonly store: Store;
  readonly updates: UpdateQueue;
  readonly limiter: RateLimiter;
  readonly queries: QueryRegistry;
  readonly profile = new BotProfile();
  readonly activity = new Activity();
  readonly files = new FileRegistry();
  readonly recorder: Recorder;
  readonly webhook: WebhookDelivery;
  private clockOffset = 0;
  private readonly baseClock: () => number;

  constructor(options: EmulatorOptions) {
    this.baseClock = options.clock ?? Date.now;
    this.token = options.token ?? DEFAULT_TOKEN;
    if (!/^\d+:[\w-]+$/.test(this.token)) throw new Error("token must look like 123456:ABC-DEF");
    this.bot = {
      id: Number(this.token.split(":")[0]),
      is_bot: true,
      first_name: options.bot?.first_name ?? "Relay (sandbox)",
      username: options.bot?.username ?? "relay_sandbox_bot",
      can_join_groups: options.bot?.can_join_groups ?? true,
      can_read_all_group_messages: options.bot?.can_read_all_group_messages ?? false,
      supports_inline_queries: options.bot?.supports_inline_queries ?? true,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
    this.recorder = new Recorder(options.maxCallRecords);
    this.store = new Store(this.now);
    this.updates = new UpdateQueue(() => this.activity.touch());
    this.limiter = new RateLimiter(this.now, options.rateLimit);
    this.queries = new QueryRegistry(this.now, options.queryTimeoutMs ?? 15_000);
    this.webhook = new WebhookDelivery(this);
  }

  /** The emulated clock in ms: the configured clock plus any advanceClock offset. */
  readonly now = (): number => this.baseClock() + this.clockOffset;

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  advanceClock(ms: number): void {
    this.clockOffset += ms;
  }

  /** Queues an update for the bot (long polling or webhook). Undefined when allowed_updates filters it out. */
  enqueue(body: UpdateBody): Update | undefined {
    const update = this.updates.enqueue(body);
    if (update) {
      this.files.learnFrom(update);
      this.events.emit("update", update);
      this.webhook.kick();
    }
    return update;
  }

  /** Announces a bot message change to listeners (nextReply, the terminal) and counts it. */
  emitMessage(kind: MessageEvent["kind"], stored: StoredMessage): void {
    if (kind === "sent") this.recorder.messagesSent++;
    else if (kind === "edited") this.recorder.messagesEdited++;
    else this.recorder.messagesDeleted++;
    // A copy with the message's whole edit history: built only when someone listens (each edit of a
    // page a reader keeps turning made it longer, and the emulator shares the cores with the bot it tests).
    if (this.events.listenerCount("message") > 0)
      this.events.emit("message", { kind, message: toSentMessage(stored) });
  }

  stats(): EmulatorStats {
    const r = this.recorder;
    return {
      calls: r.calls.length + r.dropped,
      byMethod: { ...r.byMethod },
      errors: { ...r.errors },
      rateLimited: this.limiter.rejected,
      updatesEnqueued: this.updates.enqueued,
      updatesDelivered: this.updates.delivered,
      pendingUpdates: this.updates.pendingCount,
      messagesSent: r.messagesSent,
      messagesEdited: r.messagesEdited,
      messagesDeleted: r.messagesDeleted,
    };
  }

  /** True when every update reached the bot and no webhook delivery is in flight. */
  drained(): { ok: boolean; detail: string } {
    const unfetched = this.updates.unfetchedCount;
    const webhookBusy = this.webhook.busy;
    return { ok: unfetched === 0 && !webhookBusy, detail: `updates not yet fetched: ${unfetched}` };
  }
}
