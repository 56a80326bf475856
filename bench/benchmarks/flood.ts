/**
 * Benchmark 6, one sender against everyone (issue 15 point 6): fifty readers page through a section,
 * one press of ◀/▶ a second each, first alone (quiet), then while one more sender presses ◀/▶ 1,000
 * times as fast as the injector can. Each reader's latency is measured from its side: from the press
 * until the bot's answerCallbackQuery reaches the emulator. Target: their p99 under the flood within
 * 2 × the quiet p99.
 */
import { fileURLToPath } from "node:url";
import { type RunningEmulator, startEmulator } from "../harness/emulator.js";
import { startWorker, tempDir } from "../harness/processes.js";
import { type Benchmark, type BenchResult, judge } from "../harness/result.js";
import { fmt, quantile, sleep } from "../harness/stats.js";
import type { ReadingBotInput, ReadingBotOutput } from "../workers/reading-bot.js";

const WORKER = fileURLToPath(new URL("../workers/reading-bot.ts", import.meta.url));
const READERS = 50;
const PERIOD_MS = 1000;
const FLOOD_PRESSES = 1000;
/** The flooder's presses in flight at once: as fast as one client can push them. */
const FLOOD_IN_FLIGHT = 32;

interface PressAnswer {
  answer?: { text?: string };
}

const press = (emulator: RunningEmulator, user: number, messageId: number, timeoutMs: number) =>
  emulator.post<PressAnswer>("press", {
    user_id: user,
    message_id: messageId,
    button: { row: 0, col: 0 },
    timeout_ms: timeoutMs,
  });

/** Every reader presses once a period (staggered) until `until()`; returns each press's latency, ms. */
async function read(
  emulator: RunningEmulator,
  readers: Array<{ id: number; page: number }>,
  until: () => boolean,
): Promise<{ latencies: number[]; unanswered: number }> {
  const latencies: number[] = [];
  let unanswered = 0;
  await Promise.all(
    readers.map(async (r, i) => {
      await sleep((i * PERIOD_MS) / readers.length);
      while (!until()) {
        const t0 = performance.now();
        const res = await press(emulator, r.id, r.page, 10_000).catch(() => ({}) as PressAnswer);
        const ms = performance.now() - t0;
        if (res.answer) latencies.push(ms);
        else unanswered++;
        await sleep(Math.max(0, PERIOD_MS - ms));
      }
    }),
  );
  return { latencies, unanswered };
}

/** One sender's presses, FLOOD_IN_FLIGHT at a time, each returning as soon as it is queued. */
async function flood(emulator: RunningEmulator, user: number, page: number): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: FLOOD_IN_FLIGHT }, async () => {
      while (next < FLOOD_PRESSES) {
        next++;
        await press(emulator, user, page, 1).catch(() => undefined);
      }
    }),
  );
  return performance.now() - t0;
}

export const floodBench: Benchmark = {
  id: "flood",
  title: "6. One sender against fifty readers",
  timeoutMs: { full: 5 * 60_000, quick: 60_000 },
  async run(ctx): Promise<BenchResult> {
    const quietMs = ctx.quick ? 3_000 : 20_000;
    const emulator = await startEmulator(undefined);
    const dir = tempDir("flood");
    const input: ReadingBotInput = {
      kind: "relay",
      apiRoot: emulator.apiRoot,
      token: emulator.token,
      dir: dir.path,
    };
    const worker = startWorker(WORKER, input);
    try {
      await worker.next("ready", 30_000);
      const { ids } = await emulator.control.users(READERS + 1, "en");
      // Warm-up: everyone opens section 6 (several pages), whose first button turns the page.
      for (const id of ids) await emulator.post("send", { user_id: id, text: "/section 6" });
      const pages = new Map<number, number>();
      for (let tries = 0; pages.size < ids.length && tries < 200; tries++) {
        for (const c of await emulator.control.calls({ method: "sendMessage" }))
          if (c.ok) pages.set(Number(c.params.chat_id), (c.result as { message_id: number }).message_id);
        await sleep(50);
      }
      if (pages.size < ids.length) throw new Error(`only ${pages.size} of ${ids.length} readers got a page`);
      const [flooder, ...rest] = ids.map((id) => ({ id, page: pages.get(id) as number }));
      const readers = rest;

      ctx.log(`quiet: ${READERS} readers, one press a second each, ${quietMs / 1000} s`);
      const quietEnd = performance.now() + quietMs;
      const quiet = await read(emulator, readers, () => performance.now() > quietEnd);
      await sleep(11_000); // a new rate-limit window for everyone

      ctx.log(`flood: the same readers while one sender presses ${FLOOD_PRESSES} times`);
      let flooding = true;
      let floodMs = 0;
      const readersUnderFlood = read(emulator, readers, () => !flooding);
      await sleep(PERIOD_MS); // every reader is pressing
      floodMs = await flood(emulator, flooder?.id ?? 0, flooder?.page ?? 0);
      await sleep(2 * PERIOD_MS); // the flood's tail: updates still queued in the emulator and the bot
      flooding = false;
      const loud = await readersUnderFlood;
      const stats = await emulator.control.stats();
      const answers = (await emulator.control.calls({ method: "answerCallbackQuery" })).filter(
        (c) => typeof c.params.text === "string" && /slow down/i.test(c.params.text as string),
      ).length;
      worker.send({ type: "stop" });
      const out = await worker.result<ReadingBotOutput>(20_000);

      const qp99 = quantile(quiet.latencies, 0.99);
      const fp99 = quantile(loud.latencies, 0.99);
      const ratio = fp99 / qp99;
      ctx.log(`  quiet p99 ${fmt(qp99)} ms, flood p99 ${fmt(fp99)} ms (× ${fmt(ratio)})`);
      return {
        id: this.id,
        title: this.title,
        setup: `${READERS} readers (one press of ◀/▶ a second each, staggered) on Relay polling the emulator (limiter off: presses are answers, not bulk sends); quiet for ${quietMs / 1000} s, then again while one more sender presses ◀/▶ ${FLOOD_PRESSES} times, ${FLOOD_IN_FLIGHT} presses in flight.`,
        figures: [
          {
            subject: "Readers, quiet",
            metric: "press → answer p50 / p99",
            value: `${fmt(quantile(quiet.latencies, 0.5))} / ${fmt(qp99)} ms`,
          },
          {
            subject: "Readers, under the flood",
            metric: "press → answer p50 / p99",
            value: `${fmt(quantile(loud.latencies, 0.5))} / ${fmt(fp99)} ms`,
          },
          {
            subject: "Flood ÷ quiet",
            metric: "readers' p99 ratio",
            value: fmt(ratio),
            target: "≤ 2",
            verdict: judge(ratio <= 2, ctx.quick),
          },
          {
            subject: "Flooder",
            metric: `${FLOOD_PRESSES} presses queued in`,
            value: `${fmt(floodMs / 1000)} s; ${answers} answered "slow down"`,
          },
        ],
        notes: [
          `Latency = from the control request that queues a reader's press until the emulator received the bot's answerCallbackQuery for it (the emulator's press call waits for it). Samples: quiet ${quiet.latencies.length}, under the flood ${loud.latencies.length} (from 1 s before the flood until 2 s after its last press was queued); unanswered within 10 s: ${quiet.unanswered} / ${loud.unanswered}.`,
          `What protects the readers: per-sender limits (20 presses per 10 s; every press beyond gets an immediate "slow down" answer, before any queue) and a per-chat queue of at most 8 updates with a 5 s hold (src/bot/guards/). Relay logged ${out.logWarnings} lines at warn or above. Emulator: ${stats.byMethod.answerCallbackQuery ?? 0} answerCallbackQuery, ${stats.byMethod.editMessageText ?? 0} editMessageText in all.`,
        ],
        missed:
          !ctx.quick && ratio > 2
            ? [
                `Readers' p99 under the flood was ${fmt(fp99)} ms against ${fmt(qp99)} ms quiet (× ${fmt(ratio)}; target ≤ 2).`,
              ]
            : [],
        raw: { quiet, loud, floodMs },
      };
    } finally {
      worker.kill();
      dir.remove();
      await emulator.stop();
    }
  },
};
