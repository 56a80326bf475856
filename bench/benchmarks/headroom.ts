/**
 * Benchmark 2, headroom: the emulator without limits. Relay's dispatcher with its pacer out of the way
 * (rate Infinity) beside a bare loop of grammY sendMessage calls at the same concurrency: messages a
 * second and CPU milliseconds per message, rounds alternated so drift hits both alike.
 */
import { mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../harness/emulator.js";
import { processCpuMs } from "../harness/proc.js";
import { runWorker } from "../harness/processes.js";
import { describeProfile, summarizeProfile } from "../harness/profile.js";
import { type Benchmark, type BenchResult, judge } from "../harness/result.js";
import { tallySends } from "../harness/sends.js";
import { fmt, quantile, sleep } from "../harness/stats.js";
import type { BroadcastInput, BroadcastOutput, Contender } from "../workers/broadcast.js";

const WORKER = fileURLToPath(new URL("../workers/broadcast.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** Relay's concurrency is the one its dispatcher picks for paid broadcasts at the top BROADCAST_RATE. */
const PAID_RATE = 1000;

interface Round {
  contender: Contender;
  messages: number;
  seconds: number;
  rate: number;
  cpuMsPerMessage: number;
  emulatorCpuMsPerMessage: number;
  lost: number;
  duplicates: number;
  errors: number;
  concurrency: number;
}

export const headroom: Benchmark = {
  id: "headroom",
  title: "2. Headroom (no limiter)",
  timeoutMs: { full: 10 * 60_000, quick: 40_000 },
  async run(ctx): Promise<BenchResult> {
    const messages = ctx.quick ? 1000 : 20_000;
    const rounds = ctx.quick ? 1 : 3;
    const emulator = await startEmulator(undefined);
    const results: Round[] = [];
    let profileText: string | undefined;
    let concurrency = 0;
    try {
      const { ids } = await emulator.control.users(messages);
      const once = async (contender: Contender, profileTo?: string): Promise<Round> => {
        await emulator.control.reset();
        const input: BroadcastInput = {
          apiRoot: emulator.apiRoot,
          token: emulator.token,
          contender,
          chatIds: ids,
          rate: "off",
          concurrency: contender === "bare" ? concurrency : undefined,
          concurrencyOfRate: PAID_RATE,
          timeoutMs: ctx.quick ? 20_000 : 240_000,
          profileTo,
        };
        const emuCpu0 = processCpuMs(emulator.pid);
        const out = await runWorker<BroadcastOutput>(WORKER, input, input.timeoutMs + 20_000);
        const emuCpu = processCpuMs(emulator.pid) - emuCpu0;
        const tally = tallySends(await emulator.control.calls({ method: "sendMessage" }), ids);
        const seconds = (tally.lastAcceptedAt - out.startedAt) / 1000;
        const delivered = tally.accepted - tally.duplicates;
        if (contender === "relay") concurrency = out.relay?.concurrency ?? concurrency;
        const round: Round = {
          contender,
          messages: delivered,
          seconds,
          rate: delivered / seconds,
          cpuMsPerMessage: (out.cpuUserMs + out.cpuSystemMs) / Math.max(1, tally.accepted),
          emulatorCpuMsPerMessage: emuCpu / Math.max(1, tally.attempts),
          lost: tally.lost,
          duplicates: tally.duplicates,
          errors: tally.attempts - tally.accepted,
          concurrency: contender === "relay" ? (out.relay?.concurrency ?? Number.NaN) : concurrency,
        };
        ctx.log(
          `${contender}: ${fmt(round.rate)} msg/s, ${fmt(round.cpuMsPerMessage)} CPU ms/msg (emulator ${fmt(round.emulatorCpuMsPerMessage)}), concurrency ${round.concurrency}`,
        );
        return round;
      };
      for (let i = 0; i < rounds; i++) {
        results.push(await once("relay"));
        results.push(await once("bare"));
        await sleep(200);
      }
      const relayRate = quantile(
        results.filter((r) => r.contender === "relay").map((r) => r.rate),
        0.5,
      );
      const bareRate = quantile(
        results.filter((r) => r.contender === "bare").map((r) => r.rate),
        0.5,
      );
      const wantProfile = !ctx.quick || process.env.BENCH_PROFILE === "1";
      if (wantProfile && (relayRate < 2000 || relayRate / bareRate < 0.8)) {
        // A missed target is explained by a CPU profile of one more Relay round (not counted above).
        const dir = join(ctx.outDir, "profiles", "headroom");
        mkdirSync(dir, { recursive: true });
        const file = join(dir, "relay-dispatcher.cpuprofile");
        await once("relay", file);
        profileText = `${describeProfile(summarizeProfile(file))} (profile: ${relative(ROOT, file)})`;
      }
    } finally {
      await emulator.stop();
    }

    const pick = (c: Contender) => results.filter((r) => r.contender === c);
    const med = (c: Contender, f: (r: Round) => number) => quantile(pick(c).map(f), 0.5);
    const relayRate = med("relay", (r) => r.rate);
    const bareRate = med("bare", (r) => r.rate);
    const ratio = relayRate / bareRate;
    const missed: string[] = [];
    if (!ctx.quick) {
      const cpu = med("relay", (r) => r.cpuMsPerMessage);
      if (relayRate < 2000)
        missed.push(
          `Relay's dispatcher sent ${fmt(relayRate)} msg/s (target ≥ 2,000). It is CPU-bound in its one thread: ${fmt(cpu)} CPU ms per message caps one core at about ${fmt(1000 / cpu)} msg/s, where the bare loop needs ${fmt(med("bare", (r) => r.cpuMsPerMessage))} ms (the HTTP call alone); 2,000 msg/s needs under 0.5 ms. The difference is the outbox's bookkeeping (claims and answers written in batches, the sealed chat id opened per message, the pacer's per-chat windows), which the profile below splits.`,
        );
      if (ratio < 0.8) missed.push(`Relay reached ${fmt(ratio)} of the bare loop's rate (target ≥ 0.8).`);
      if (missed.length > 0 && profileText)
        missed.push(`CPU profile of the dispatcher's process: ${profileText}`);
    }
    const fmtRounds = (c: Contender) =>
      pick(c)
        .map((r) => fmt(r.rate))
        .join(", ");
    return {
      id: this.id,
      title: this.title,
      setup: `${messages} private chats, one message each, ${rounds} alternated round(s) per contender; emulator without limiter; both at ${concurrency} requests in flight (the dispatcher's own choice at BROADCAST_RATE=${PAID_RATE}).`,
      figures: [
        {
          subject: "Relay dispatcher (pacer off)",
          metric: "msg/s (median)",
          value: fmt(relayRate),
          target: "≥ 2,000",
          verdict: judge(relayRate >= 2000, ctx.quick),
        },
        { subject: "bare sendMessage loop", metric: "msg/s (median)", value: fmt(bareRate) },
        {
          subject: "Relay ÷ bare",
          metric: "throughput ratio",
          value: fmt(ratio),
          target: "≥ 0.8",
          verdict: judge(ratio >= 0.8, ctx.quick),
        },
        {
          subject: "Relay dispatcher (pacer off)",
          metric: "CPU ms per message",
          value: fmt(med("relay", (r) => r.cpuMsPerMessage)),
        },
        {
          subject: "bare sendMessage loop",
          metric: "CPU ms per message",
          value: fmt(med("bare", (r) => r.cpuMsPerMessage)),
        },
        {
          subject: "emulator (during Relay / bare)",
          metric: "CPU ms per call",
          value: `${fmt(med("relay", (r) => r.emulatorCpuMsPerMessage))} / ${fmt(med("bare", (r) => r.emulatorCpuMsPerMessage))}`,
        },
        {
          subject: "Relay / bare",
          metric: "lost, duplicates, errors",
          value: `${pick("relay")
            .map((r) => `${r.lost}/${r.duplicates}/${r.errors}`)
            .join(" ")} · ${pick("bare")
            .map((r) => `${r.lost}/${r.duplicates}/${r.errors}`)
            .join(" ")}`,
        },
      ],
      notes: [
        `Rounds (msg/s): Relay ${fmtRounds("relay")}; bare ${fmtRounds("bare")}.`,
        "msg/s = chats reached ÷ (last accepted send − start), from the emulator's call record. CPU ms per message = the sender process's `process.cpuUsage()` (user + system) over its sending phase ÷ messages accepted; for Relay that phase starts after the enqueue (the enqueue itself is benchmark 3). The emulator's CPU comes from /proc/<pid>/stat: when it is near 1,000 ms per second of run, the emulator (one thread) is the bottleneck of both contenders, and the CPU per message is the figure that tells them apart.",
        "Relay here is the real outbox path: claim the rows for the free requests (one transaction), open each sealed chat id (AES-GCM), render the update in the subscriber's language with its buttons (once per language and version), send, record the answers that came in together (one transaction, before any new claim). The bare loop sends the same text and keyboard with nothing recorded. The Relay worker learns that the outbox drained from the oldest due row and the dispatcher's bookkeeping, then one full count, so watching costs the measured process next to nothing.",
      ],
      missed,
      raw: { results, profile: profileText },
    };
  },
};
