/**
 * A Telegram Bot API emulator on 127.0.0.1 for end-to-end tests, benchmarks and the terminal sandbox.
 * Point grammY at it with `new Bot(emulator.token, { client: { apiRoot: emulator.apiRoot } })`.
 */
import type { BotCommand, BotCommandScope, Update, UserFromGetMe, WebhookInfo } from "grammy/types";
import type { GroupOptions, UserOptions } from "./actor-options.js";
import type { BotProfile } from "./bot-profile.js";
import { createControl } from "./control.js";
import { EmulatorCore } from "./core.js";
import { Dispatcher, type Outcome } from "./dispatch.js";
import { Faults } from "./faults.js";
import type { KnownFile } from "./files.js";
import { HttpFront } from "./http-front.js";
import { normalizeParams } from "./params.js";
import { toSentMessage } from "./store.js";
import { TestChannel } from "./test-channel.js";
import { TestGroup } from "./test-group.js";
import { TestUser } from "./test-user.js";
import type {
  CallRecord,
  EmulatorEvents,
  EmulatorOptions,
  EmulatorStats,
  Params,
  RateLimitOptions,
  SentMessage,
} from "./types.js";
import type { UpdateBody } from "./update-queue.js";

export type { GroupOptions, UserOptions } from "./actor-options.js";
export type { KnownFile } from "./files.js";

export class BotApiEmulator {
  readonly faults: Faults;
  private readonly core: EmulatorCore;
  private readonly dispatcher: Dispatcher;
  private readonly front: HttpFront;
  private readonly testUsers = new Map<number, TestUser>();
  private readonly testGroups = new Map<number, TestGroup>();

  private constructor(options: EmulatorOptions) {
    this.core = new EmulatorCore(options);
    this.dispatcher = new Dispatcher(this.core);
    this.faults = new Faults(this.core.now, (down) => this.front.setDown(down));
    this.front = new HttpFront(this.core, this.dispatcher, this.faults, createControl(this));
    this.core.webhook.onReply = async (method, params) => {
      await this.dispatcher.run(method, normalizeParams(params), "webhook-reply");
    };
  }

  /** Starts an emulator listening on 127.0.0.1 (port 0 by default). */
  static async start(options: EmulatorOptions = {}): Promise<BotApiEmulator> {
    const emulator = new BotApiEmulator(options);
    await emulator.front.listen(options.port ?? 0);
    return emulator;
  }

  /** `http://127.0.0.1:PORT`, without a trailing slash, for grammY's `client.apiRoot`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.front.port}`;
  }

  get token(): string {
    return this.core.token;
  }

  /** What getMe answers. */
  get botInfo(): UserFromGetMe {
    return this.core.bot;
  }

  /** Every call so far: `{ method, params, at, ok, result?, error?, fault?, via? }`. */
  get calls(): readonly CallRecord[] {
    return this.core.recorder.calls;
  }

  /** A file the bot uploaded (with its bytes) or that appeared in an update, by file_id. */
  file(fileId: string): KnownFile | undefined {
    return this.core.files.get(fileId);
  }

  /** Calls of one method (case-insensitive). */
  callsTo(method: string): CallRecord[] {
    return this.calls.filter((c) => c.method.toLowerCase() === method.toLowerCase());
  }

  /** Messages the bot sent (current state, with `deleted`, `edited` and `history`), in one chat or all. */
  sent(chatId?: number): SentMessage[] {
    return this.core.store.botMessages(chatId).map(toSentMessage);
  }

  /** Counters for benchmarks: calls per method, errors per code, 429s, updates, messages. */
  stats(): EmulatorStats {
    return this.core.stats();
  }

  /** Clears the call record, counters, the limiter's windows and armed faults (chats and messages stay). */
  reset(): void {
    this.core.recorder.reset();
    this.core.limiter.reset();
    this.faults.clear();
  }

  /** Turns the rate limiter on, changes it, or (undefined) turns it off. */
  setRateLimit(options: RateLimitOptions | undefined): void {
    this.core.limiter.configure(options);
  }

  get rateLimit(): RateLimitOptions | undefined {
    return this.core.limiter.settings;
  }

  /** The emulated clock, ms. */
  now(): number {
    return this.core.now();
  }

  /** Moves the emulated clock forward (48-hour rules, query expiry, limiter windows). */
  advanceClock(ms: number): void {
    this.core.advanceClock(ms);
  }

  on<K extends keyof EmulatorEvents>(event: K, listener: (...args: EmulatorEvents[K]) => void): this {
    this.core.events.on(event as "call", listener as (...args: EmulatorEvents["call"]) => void);
    return this;
  }

  off<K extends keyof EmulatorEvents>(event: K, listener: (...args: EmulatorEvents[K]) => void): this {
    this.core.events.off(event as "call", listener as (...args: EmulatorEvents["call"]) => void);
    return this;
  }

  /** A user with a private chat with the bot; ids default to increasing 10-digit numbers. */
  user(options: UserOptions = {}): TestUser {
    const record = this.core.store.addUser(options);
    const user = new TestUser(this.core, record, (t) => this.waitForIdle(t));
    this.testUsers.set(user.id, user);
    return user;
  }

  userById(id: number): TestUser | undefined {
    return this.testUsers.get(id);
  }

  /** A group (default a supergroup with a -100… id) with the bot as a member. */
  group(options: GroupOptions = {}): TestGroup {
    const record = this.core.store.addChat(options.type ?? "supergroup", options);
    record.creatorId = (options.creator ?? options.admins?.[0])?.id;
    for (const a of options.admins ?? []) if (a.id !== record.creatorId) record.admins.add(a.id);
    for (const m of options.members ?? []) record.members.add(m.id);
    if (options.botIsAdmin) record.botStatus = "administrator";
    const group = new TestGroup(this.core, record, (t) => this.waitForIdle(t));
    this.testGroups.set(record.id, group);
    return group;
  }

  groupById(id: number): TestGroup | undefined {
    return this.testGroups.get(id) ?? [...this.testGroups.values()].find((g) => g.previousId === id);
  }

  /** A channel where the bot is an administrator. */
  channel(options: { id?: number; title?: string; username?: string } = {}): TestChannel {
    return new TestChannel(this.core, this.core.store.addChat("channel", options));
  }

  /** Queues a raw update body, e.g. `{ message_reaction: … }`, for cases the actors do not cover. */
  enqueueUpdate(body: UpdateBody): Update | undefined {
    return this.core.enqueue(body);
  }

  /** What the bot stored with setMyCommands, setMyDescription, setMyName… */
  get profile(): BotProfile {
    return this.core.profile;
  }

  commands(scope?: BotCommandScope, languageCode?: string): BotCommand[] | undefined {
    return this.core.profile.commandsFor(scope, languageCode);
  }

  get webhookInfo(): WebhookInfo {
    return this.core.webhook.info();
  }

  /** Runs a Bot API call in-process (no HTTP, no faults), recorded with via "in-process". */
  invoke(method: string, params: Params = {}): Promise<Outcome> {
    return this.dispatcher.run(method, normalizeParams(params), "in-process");
  }

  /**
   * Resolves when every queued update has been fetched by the bot (or delivered to its webhook) and no bot
   * request has been in flight for 50 ms; rejects after `timeoutMs`.
   */
  waitForIdle(timeoutMs = 5000): Promise<void> {
    return this.core.activity.waitForIdle(() => this.core.drained(), timeoutMs);
  }

  async close(): Promise<void> {
    this.core.webhook.close();
    this.core.updates.terminatePoll();
    await this.front.close();
  }
}
