/**
 * `npm run bench`: every benchmark of issue 7 against the Bot API emulator in its own process, a table
 * on the terminal, and docs/BENCHMARKS.md. `npm run bench -- --quick`: the same at a tiny scale, a
 * smoke test for CI that checks each benchmark finishes and writes its figures (never a speed), and
 * writes to bench/out/ only. `--only ceiling,startup` runs some of them.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ceiling } from "./benchmarks/ceiling.js";
import { floodBench } from "./benchmarks/flood.js";
import { headroom } from "./benchmarks/headroom.js";
import { million } from "./benchmarks/million.js";
import { publishBench } from "./benchmarks/publish.js";
import { readingPath } from "./benchmarks/reading.js";
import { sharedBudget } from "./benchmarks/shared-budget.js";
import { startup } from "./benchmarks/startup.js";
import { INTRO } from "./harness/intro.js";
import { describeMachine } from "./harness/machine.js";
import { cleanupAll, installCleanup } from "./harness/processes.js";
import { markdown, type RunReport, terminalTable } from "./harness/report.js";
import type { BenchContext, Benchmark, BenchResult } from "./harness/result.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ALL: Benchmark[] = [
  startup,
  ceiling,
  headroom,
  million,
  readingPath,
  floodBench,
  sharedBudget,
  publishBench,
];

class BenchTimeout extends Error {
  override name = "BenchTimeout";
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new BenchTimeout(`${what} did not finish within ${Math.round(ms / 1000)} s`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A result a smoke run accepts: figures, each with a value. */
function wroteFigures(r: BenchResult): string | undefined {
  if (r.figures.length === 0) return "no figures";
  const empty = r.figures.filter((f) => !f.value || f.value === "–" || f.value.includes("NaN"));
  return empty.length > 0
    ? `figures without a value: ${empty.map((f) => `${f.subject} ${f.metric}`).join("; ")}`
    : undefined;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { quick: { type: "boolean", default: false }, only: { type: "string" } },
    strict: true,
  });
  const quick = values.quick ?? false;
  const only = values.only?.split(",").map((s) => s.trim());
  const selected = only ? ALL.filter((b) => only.includes(b.id)) : ALL;
  if (only && selected.length !== only.length) {
    process.stderr.write(`bench: unknown benchmark in --only (known: ${ALL.map((b) => b.id).join(", ")})\n`);
    return 2;
  }
  installCleanup();
  const outDir = join(ROOT, "bench", "out", quick ? "quick" : "full");
  mkdirSync(outDir, { recursive: true });
  const startedAt = new Date();
  const results: BenchResult[] = [];
  const failures: Record<string, string> = {};

  for (const bench of selected) {
    const t0 = Date.now();
    const ctx: BenchContext = {
      quick,
      outDir,
      log: (m) => process.stderr.write(`[${bench.id} ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}\n`),
    };
    ctx.log(`start (${quick ? "quick" : "full"})`);
    const loadBefore = loadavg()[0] ?? Number.NaN;
    try {
      const limit = quick ? bench.timeoutMs.quick : bench.timeoutMs.full;
      const result = await withTimeout(bench.run(ctx), limit, bench.id);
      // Other work on a shared machine shows here: a 1-minute load above the core count means contention.
      result.setup += ` Load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${(loadavg()[0] ?? Number.NaN).toFixed(2)} on ${cpus().length} cores.`;
      const problem = quick ? wroteFigures(result) : undefined;
      if (problem) failures[bench.id] = problem;
      results.push(result);
      ctx.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } catch (err) {
      failures[bench.id] = err instanceof Error ? (err.stack ?? err.message) : String(err);
      ctx.log(`FAILED: ${failures[bench.id]}`);
    } finally {
      cleanupAll(); // whatever the benchmark left running, timed out or not
    }
  }

  const argv = process.argv.slice(2).join(" ");
  const report: RunReport = {
    quick,
    command: `npm run bench${argv ? ` -- ${argv}` : ""}`,
    startedAt,
    durationMs: Date.now() - startedAt.getTime(),
    machine: describeMachine(),
    results,
    failures,
  };
  process.stdout.write(`\n${terminalTable(results)}\n\n`);
  const md = markdown(report, INTRO);
  // Only a full run of every benchmark replaces docs/BENCHMARKS.md; anything else goes to bench/out/.
  const target = !quick && !only ? join(ROOT, "docs", "BENCHMARKS.md") : join(outDir, "BENCHMARKS.md");
  writeFileSync(target, md);
  writeFileSync(join(outDir, "results.json"), JSON.stringify({ ...report, results }, null, 2));
  process.stdout.write(`figures written to ${target}\n`);
  const failed = Object.keys(failures);
  if (failed.length > 0)
    process.stderr.write(`bench: ${failed.length} benchmark(s) did not finish: ${failed.join(", ")}\n`);
  return failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    cleanupAll();
    process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    cleanupAll();
    process.exit(1);
  },
);
