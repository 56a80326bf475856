/** What reached the chats, read from the emulator's record of every call: the only honest witness. */
import type { CallRecord } from "../../src/sandbox/types.js";

export interface SendTally {
  /** sendMessage calls made (accepted or refused). */
  attempts: number;
  /** Accepted sends. */
  accepted: number;
  rateLimited: number;
  /** Refusals other than 429, by error code. */
  otherErrors: Record<string, number>;
  /** Chats that got nothing. */
  lost: number;
  /** Messages beyond the first in a chat. */
  duplicates: number;
  firstAcceptedAt: number;
  lastAcceptedAt: number;
  /** Accepted sends in the busiest sliding second (≤ the limiter's cap if nothing got through wrongly). */
  busiestSecond: number;
  /** Gaps between consecutive accepted sends longer than `STALL_MS`: their number and total length. */
  stalls: number;
  stallMs: number;
  /**
   * For each 429: how long after the accepted send `cap` places earlier it arrived (ms). Just under
   * 1000 means the sender spaced its sends at exactly the cap, and arrival jitter pushed one over.
   */
  refusedAfterMs: number[];
}

/** Eight times the gap at 30/s: a pause, not pacing. */
export const STALL_MS = 250;

/** Tallies the sendMessage calls to `chatIds` in a call record. */
export function tallySends(calls: readonly CallRecord[], chatIds: readonly number[], cap = 30): SendTally {
  const wanted = new Set(chatIds);
  const perChat = new Map<number, number>();
  const acceptedTimes: number[] = [];
  let attempts = 0;
  let rateLimited = 0;
  const refusedAfterMs: number[] = [];
  const otherErrors: Record<string, number> = {};
  for (const call of calls) {
    if (call.method.toLowerCase() !== "sendmessage") continue;
    const chatId = Number(call.params.chat_id);
    if (!wanted.has(chatId)) continue;
    attempts++;
    if (call.ok) {
      perChat.set(chatId, (perChat.get(chatId) ?? 0) + 1);
      acceptedTimes.push(call.at);
    } else if (call.error?.error_code === 429) {
      rateLimited++;
      const earlier = acceptedTimes.length >= cap ? acceptedTimes[acceptedTimes.length - cap] : undefined;
      if (earlier !== undefined) refusedAfterMs.push(call.at - earlier);
    } else {
      const code = String(call.error?.error_code ?? call.fault ?? "?");
      otherErrors[code] = (otherErrors[code] ?? 0) + 1;
    }
  }
  let duplicates = 0;
  for (const n of perChat.values()) duplicates += n - 1;
  acceptedTimes.sort((a, b) => a - b);
  let busiestSecond = 0;
  for (let i = 0, j = 0; i < acceptedTimes.length; i++) {
    while ((acceptedTimes[i] as number) - (acceptedTimes[j] as number) >= 1000) j++;
    busiestSecond = Math.max(busiestSecond, i - j + 1);
  }
  let stalls = 0;
  let stallMs = 0;
  for (let i = 1; i < acceptedTimes.length; i++) {
    const gap = (acceptedTimes[i] as number) - (acceptedTimes[i - 1] as number);
    if (gap > STALL_MS) {
      stalls++;
      stallMs += gap;
    }
  }
  return {
    refusedAfterMs,
    stalls,
    stallMs,
    attempts,
    accepted: acceptedTimes.length,
    rateLimited,
    otherErrors,
    lost: chatIds.length - perChat.size,
    duplicates,
    firstAcceptedAt: acceptedTimes[0] ?? Number.NaN,
    lastAcceptedAt: acceptedTimes.at(-1) ?? Number.NaN,
    busiestSecond,
  };
}

/** Chats reached a second, from the start of the broadcast to the last accepted send. */
export function achievedRate(tally: SendTally, startedAt: number): number {
  const seconds = (tally.lastAcceptedAt - startedAt) / 1000;
  return seconds > 0 ? (tally.accepted - tally.duplicates) / seconds : Number.NaN;
}
