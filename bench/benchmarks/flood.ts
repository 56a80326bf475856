/**
 * Benchmark 6, one sender against everyone (issue 15 point 6): fifty readers page through a section,
 * one press of ◀/▶ a second each, first alone (quiet), then while one more sender presses ◀/▶ 1,000
 * times as fast as the injector can. Each reader's latency is measured from its side: from the press
 * until the bot's answerCallbackQuery reaches the emulator. Target: their p99 under the flood within
 * 2 × the quiet p99. The peer, in the same run: a bare grammY bot with no limits that answers every press
 * with a plain answerCallbackQuery, under the same readers and the same flood, on the same emulator code.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningEmulator, startEmulator } from "../harness/emulator.js";
import { processCpuMs } from "../harness/proc.js";
import { startWorker, tempDir } from "../harness/processes.js";
import { describeProfile, latestProfile, summarizeProfile } from "../harness/profile.js";
import { type Benchmark, type BenchResult, judge } from "../harness/result.js";
import { fmt, quantile, sleep } from "../harness/stats.js";
import type { FlooderInput, FlooderOutput } from "../workers/flooder.js";
import type { ReadingBotInput, ReadingBotOutput } from "../workers/reading-bot.js";

const WORKER = fileURLToPath(new URL("../workers/reading-bot.ts", import.meta.url));
const FLOODER = fileURLToPath(new URL("../workers/flooder.ts", import.meta.url));
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

type Contender = "relay" | "bare";

interface Scenario {
  quiet: { latencies: number[]; unanswered: number };
  loud: { latencies: number[]; unanswered: number };
  floodMs: number;
  cpuQuiet: string;
  cpuFlood: string;
  /** Presses answered with a "slow down" text (Relay only; the bare bot answers every press alike). */
  slowDowns: number;
  answerCalls: number;
  editCalls: number;
  logWarnings: number;
}

/** One contender, on its own emulator: the readers alone, a new window, then the readers under the flood. */
async function scenario(
  ctx: Parameters<Benchmark["run"]>[0],
  kind: Contender,
  quietMs: number,
): Promise<Scenario> {
  // BENCH_PROFILE=1: CPU profiles of Relay (the flood phase only) and of the emulator (its whole life).
  const profiling = process.env.BENCH_PROFILE === "1" && kind === "relay";
  const profDir = tempDir("flood-prof");
  const emulator = await startEmulator(
    undefined,
    20_000,
    profiling ? ["--cpu-prof", `--cpu-prof-dir=${profDir.path}`] : [],
  );
  const dir = tempDir("flood");
  const relayProfile = join(ctx.outDir, "flood-relay.cpuprofile");
  const input: ReadingBotInput = {
    kind,
    apiRoot: emulator.apiRoot,
    token: emulator.token,
    dir: dir.path,
    profileTo: profiling ? relayProfile : undefined,
    pressable: kind === "bare",
  };
  const worker = startWorker(WORKER, input);
  // CPU ms of the processes that share the cores: emulator, the bot, this injector (and the flooder's own).
  const cpu = () => ({
    emulator: processCpuMs(emulator.pid),
    bot: processCpuMs(worker.pid),
    injector: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  });
  const who = kind === "relay" ? "Relay" : "bare bot";
  const cpuSpent = (a: ReturnType<typeof cpu>, b: ReturnType<typeof cpu>) =>
    `emulator ${fmt(b.emulator - a.emulator)} ms, ${who} ${fmt(b.bot - a.bot)} ms, readers' injector ${fmt(b.injector - a.injector)} ms`;
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
    const [flooder, ...readers] = ids.map((id) => ({ id, page: pages.get(id) as number }));

    const flooderWorker = startWorker(FLOODER, {
      apiRoot: emulator.apiRoot,
      userId: flooder?.id ?? 0,
      messageId: flooder?.page ?? 0,
      presses: FLOOD_PRESSES,
      inFlight: FLOOD_IN_FLIGHT,
    } satisfies FlooderInput);
    await flooderWorker.next("ready", 30_000);

    ctx.log(`${who}: quiet: ${READERS} readers, one press a second each, ${quietMs / 1000} s`);
    const quietEnd = performance.now() + quietMs;
    const cpuQuiet0 = cpu();
    const quiet = await read(emulator, readers, () => performance.now() > quietEnd);
    const cpuQuiet = cpuSpent(cpuQuiet0, cpu());
    await sleep(11_000); // a new rate-limit window for everyone
    if (profiling) {
      worker.send({ type: "mark" });
      await worker.next("marked", 10_000);
    }

    ctx.log(`${who}: flood: the same readers while one sender presses ${FLOOD_PRESSES} times`);
    let flooding = true;
    const cpuFlood0 = cpu();
    const readersUnderFlood = read(emulator, readers, () => !flooding);
    await sleep(PERIOD_MS); // every reader is pressing
    flooderWorker.send({ type: "go" });
    const flooded = await flooderWorker.result<FlooderOutput>(60_000);
    await sleep(2 * PERIOD_MS); // the flood's tail: updates still queued in the emulator and the bot
    flooding = false;
    const loud = await readersUnderFlood;
    const cpuFlood = `${cpuSpent(cpuFlood0, cpu())}, flooder ${fmt(flooded.cpuMs)} ms`;
    ctx.log(`  CPU quiet (${quietMs / 1000} s): ${cpuQuiet}`);
    ctx.log(`  CPU flood (${fmt(flooded.floodMs / 1000 + 3)} s): ${cpuFlood}`);
    if (profiling) {
      worker.send({ type: "await-handled", count: 0, timeoutMs: 1000 });
      await worker.next("handled", 30_000);
      ctx.log(
        `  Relay's profile under the flood: ${describeProfile(summarizeProfile(relayProfile), 10, 16)}`,
      );
    }
    const stats = await emulator.control.stats();
    const slowDowns = (await emulator.control.calls({ method: "answerCallbackQuery" })).filter(
      (c) => typeof c.params.text === "string" && /slow down/i.test(c.params.text as string),
    ).length;
    worker.send({ type: "stop" });
    const out = await worker.result<ReadingBotOutput>(20_000);
    ctx.log(
      `  ${who}: quiet p99 ${fmt(quantile(quiet.latencies, 0.99))} ms, flood p99 ${fmt(quantile(loud.latencies, 0.99))} ms`,
    );
    return {
      quiet,
      loud,
      floodMs: flooded.floodMs,
      cpuQuiet,
      cpuFlood,
      slowDowns,
      answerCalls: stats.byMethod.answerCallbackQuery ?? 0,
      editCalls: stats.byMethod.editMessageText ?? 0,
      logWarnings: out.logWarnings,
    };
  } finally {
    worker.kill();
    dir.remove();
    await emulator.stop();
    const emulatorProfile = profiling ? latestProfile(profDir.path) : undefined;
    if (emulatorProfile)
      ctx.log(
        `  emulator's profile (whole run): ${describeProfile(summarizeProfile(emulatorProfile), 10, 16)}`,
      );
    profDir.remove();
  }
}

export const floodBench: Benchmark = {
  id: "flood",
  title: "7. One sender against fifty readers",
  timeoutMs: { full: 8 * 60_000, quick: 2 * 60_000 },
  async run(ctx): Promise<BenchResult> {
    const quietMs = ctx.quick ? 3_000 : 20_000;
    const relay = await scenario(ctx, "relay", quietMs);
    const bare = await scenario(ctx, "bare", quietMs);
    const ratioOf = (s: Scenario) => quantile(s.loud.latencies, 0.99) / quantile(s.quiet.latencies, 0.99);
    const ratio = ratioOf(relay);
    const latency = (xs: number[]) => `${fmt(quantile(xs, 0.5))} / ${fmt(quantile(xs, 0.99))} ms`;
    const samples = (s: Scenario) =>
      `quiet ${s.quiet.latencies.length}, under the flood ${s.loud.latencies.length}; unanswered within 10 s: ${s.quiet.unanswered} / ${s.loud.unanswered}`;
    return {
      id: this.id,
      title: this.title,
      setup: `${READERS} readers (one press of ◀/▶ a second each, staggered) polling the emulator (limiter off: presses are answers, not bulk sends); quiet for ${quietMs / 1000} s, then again while one more sender, from its own process, presses ◀/▶ ${FLOOD_PRESSES} times, ${FLOOD_IN_FLIGHT} presses in flight. Twice: Relay, then the peer, a bare grammY bot on @grammyjs/runner with no limits that answers every press with a plain answerCallbackQuery, each on a fresh emulator.`,
      figures: [
        {
          subject: "Relay: readers, quiet",
          metric: "press → answer p50 / p99",
          value: latency(relay.quiet.latencies),
        },
        {
          subject: "Relay: readers, under the flood",
          metric: "press → answer p50 / p99",
          value: latency(relay.loud.latencies),
        },
        {
          subject: "Relay: flood ÷ quiet",
          metric: "readers' p99 ratio",
          value: fmt(ratio),
          target: "≤ 2",
          verdict: judge(ratio <= 2, ctx.quick),
        },
        {
          subject: "Relay: flooder",
          metric: `${FLOOD_PRESSES} presses queued in`,
          value: `${fmt(relay.floodMs / 1000)} s; ${relay.slowDowns} answered "slow down"`,
        },
        {
          subject: "bare grammY bot: readers, quiet",
          metric: "press → answer p50 / p99",
          value: latency(bare.quiet.latencies),
        },
        {
          subject: "bare grammY bot: readers, under the flood",
          metric: "press → answer p50 / p99",
          value: latency(bare.loud.latencies),
        },
        {
          subject: "bare grammY bot: flood ÷ quiet",
          metric: "readers' p99 ratio",
          value: fmt(ratioOf(bare)),
        },
        {
          subject: "bare grammY bot: flooder",
          metric: `${FLOOD_PRESSES} presses queued in`,
          value: `${fmt(bare.floodMs / 1000)} s`,
        },
      ],
      notes: [
        `Latency = from the control request that queues a reader's press until the emulator received the bot's answerCallbackQuery for it (the emulator's press call waits for it), measured from 1 s before the flood until 2 s after its last press was queued. Samples: Relay ${samples(relay)}; bare bot ${samples(bare)}. With about 170 samples under the flood, its p99 is the second-slowest press. The readers' presses and the flood's come from two processes, as from two phones: in one process (before 2026-12-04 17:20 UTC) the flood's own HTTP traffic delayed the event loop that timed the readers.`,
        `CPU time spent, quiet phase (${quietMs / 1000} s): Relay run ${relay.cpuQuiet}; bare run ${bare.cpuQuiet}. Flood phase (from 1 s before the flood until 2 s after): Relay run ${relay.cpuFlood}; bare run ${bare.cpuFlood}. All these processes share the machine's cores.`,
        `What protects Relay's readers: per-sender limits, checked before any other middleware (20 presses per 10 s; every press beyond is answered "slow down" exactly once, pre-translated, from a low-priority lane that waits for a gap between other updates and sends at most 200 a second, at most 3 s late) and a per-chat queue of at most 8 updates with a 5 s hold (src/bot/guards/). Relay logged ${relay.logWarnings} lines at warn or above. Emulator, Relay run: ${relay.answerCalls} answerCallbackQuery, ${relay.editCalls} editMessageText in all.`,
        "Why the peer: every update, the flood's included, reaches a bot through one ordered getUpdates stream, so a reader's press queued behind hundreds of the flood's waits for the emulator to serve them and for the bot to take them, whatever the bot does with them. The bare bot, which does the least a bot can, shows what this costs on these two cores by itself.",
      ],
      missed:
        !ctx.quick && ratio > 2
          ? [
              `Readers' p99 under the flood was ${fmt(quantile(relay.loud.latencies, 0.99))} ms against ${fmt(quantile(relay.quiet.latencies, 0.99))} ms quiet (× ${fmt(ratio)}; target ≤ 2). The bare grammY bot, in the same run: × ${fmt(ratioOf(bare))} (${fmt(quantile(bare.loud.latencies, 0.99))} against ${fmt(quantile(bare.quiet.latencies, 0.99))} ms).`,
            ]
          : [],
      raw: {
        relay: { quiet: relay.quiet, loud: relay.loud, floodMs: relay.floodMs },
        bare: { quiet: bare.quiet, loud: bare.loud, floodMs: bare.floodMs },
      },
    };
  },
};
