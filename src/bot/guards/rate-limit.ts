import type { MiddlewareFn } from "grammy";
import type { User } from "grammy/types";
import { LANGS, type Lang } from "../../core/article/model.js";
import type { RelayContext } from "../context.js";
import type { Translator } from "../i18n.js";
import type { SlowLane } from "./slow-lane.js";

export interface RateLimitOptions {
  /** Length of a window in ms (every count is forgotten at the end of each). Default 10 s. */
  windowMs?: number;
  /** Messages and edits one sender may send per window; the rest are dropped. Default 30. */
  messagesPerWindow?: number;
  /** Button presses one sender may make per window; each press over it gets a "slow down" answer. Default 20. */
  pressesPerWindow?: number;
  /** Inline queries one sender may make per window (one per keystroke); the rest get no result. Default 40. */
  inlineQueriesPerWindow?: number;
  /** The window's clock (tests); real time by default, whatever clock the rest of Relay reads. */
  now?: () => number;
}

export interface RateLimitDeps {
  translator: Translator;
  /** A sender's language by the one rule (i18n.ts): read once per window for a sender over the limit. */
  languageOf: (from: User) => Lang;
  /** Where the answers a flood is owed wait for a gap between other updates (slow-lane.ts). */
  lane: SlowLane;
}

interface Count {
  n: number;
  lang?: Lang;
}

/**
 * Per-sender flood control for every kind of update a person can send, the first middleware of all,
 * so an update over the limit costs a counter lookup and nothing else: no i18n, no database read, no
 * queue. Counts live in this process's memory for one window and nowhere else. Over the limit:
 * - a message or edit: ONE notice per window in a private chat, nothing in a group;
 * - a button press: a short "slow down" answer (every press needs its answer, or the reader's app keeps
 *   a spinner), pre-translated, sent from the slow lane once the readers' updates leave it a gap;
 * - an inline query: an empty answer, personal and not cached, from the same lane.
 * Each kind counts apart, so typing an inline query never costs a reader their messages. Every update
 * within the limits is marked busy in the lane while it is handled.
 */
export function rateLimitSenders(
  deps: RateLimitDeps,
  options: RateLimitOptions = {},
): MiddlewareFn<RelayContext> {
  const windowMs = options.windowMs ?? 10_000;
  const now = options.now ?? (() => performance.now());
  const limits = {
    message: options.messagesPerWindow ?? 30,
    press: options.pressesPerWindow ?? 20,
    inline: options.inlineQueriesPerWindow ?? 40,
  };
  const text = (key: string) => Object.fromEntries(LANGS.map((l) => [l, deps.translator.t(l)(key)]));
  const slowDownPress = text("guards.slow-down-press") as Record<Lang, string>;
  const slowDown = text("guards.slow-down") as Record<Lang, string>;
  let counts = new Map<string, Count>();
  let windowEnd = now() + windowMs;
  const { lane } = deps;
  /** A window that ended forgets its counts (who wrote, pressed or searched) even if nothing else arrives. */
  const expire = (t: number) => {
    if (t < windowEnd) return;
    counts = new Map();
    windowEnd = t + windowMs;
  };
  setInterval(() => expire(now()), windowMs).unref();

  /** This sender's count in the current window, after this update. */
  const hit = (key: string): Count => {
    expire(now());
    const count = counts.get(key);
    if (count) {
      count.n++;
      return count;
    }
    const fresh = { n: 1 };
    counts.set(key, fresh);
    return fresh;
  };
  const langOf = (count: Count, from: User): Lang => {
    count.lang ??= deps.languageOf(from);
    return count.lang;
  };

  return async (ctx, next) => {
    const press = ctx.update.callback_query;
    if (press) {
      const count = hit(`p${press.from.id}`);
      if (count.n > limits.press) {
        lane.push(answerPress(ctx.api, press.id, slowDownPress[langOf(count, press.from)]));
        return;
      }
    }
    const query = ctx.update.inline_query;
    if (query && hit(`i${query.from.id}`).n > limits.inline) {
      lane.push(answerInline(ctx.api, query.id));
      return;
    }
    const msg = ctx.update.message ?? ctx.update.edited_message;
    // An anonymous group admin is keyed by the chat it speaks for.
    const sender = msg?.sender_chat?.id ?? msg?.from?.id;
    if (msg && sender !== undefined) {
      const count = hit(`m${sender}`);
      if (count.n > limits.message) {
        // One notice per window, in a private chat only: never a notice in front of a whole group.
        if (count.n === limits.message + 1 && msg.chat.type === "private" && msg.from)
          await ctx.reply(slowDown[langOf(count, msg.from)]);
        return;
      }
    }
    const leave = lane.enter();
    try {
      await next();
    } finally {
      leave();
    }
  };
}

// Built outside the middleware so that a queued answer holds its id and text, never the update or its sender.
function answerPress(api: RelayContext["api"], id: string, text: string): () => Promise<unknown> {
  return () => api.answerCallbackQuery(id, { text });
}

function answerInline(api: RelayContext["api"], id: string): () => Promise<unknown> {
  return () => api.answerInlineQuery(id, [], { cache_time: 0, is_personal: true });
}
