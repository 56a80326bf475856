/** What every benchmark hands back to the runner: figures, targets, and what explains a miss. */

export type Verdict = "met" | "missed" | "n/a";

export interface Figure {
  /** Who was measured: "Relay", "auto-retry loop", … */
  subject: string;
  metric: string;
  value: string;
  /** The issue's target for this figure, in words ("≥ 0.97"); empty when the figure is context. */
  target?: string;
  verdict?: Verdict;
}

export interface BenchResult {
  id: string;
  title: string;
  /** Scale and set-up in one line: what was run, with which limiter, at which load. */
  setup: string;
  figures: Figure[];
  /** Method, definitions and observations, one paragraph each. */
  notes: string[];
  /** For each missed target: the explanation, with the profile or timing breakdown that shows it. */
  missed: string[];
  /** Raw numbers, kept in bench/out/*.json for whoever wants to recompute. */
  raw: unknown;
}

/** A target check: "met" when `ok`, else "missed". In quick mode no speed is judged. */
export function judge(ok: boolean, quick: boolean): Verdict {
  if (quick) return "n/a";
  return ok ? "met" : "missed";
}

export interface BenchContext {
  quick: boolean;
  /** Directory for this run's profiles and raw output. */
  outDir: string;
  log(message: string): void;
}

export interface Benchmark {
  id: string;
  title: string;
  /** Hard limit for the whole benchmark, full and quick. */
  timeoutMs: { full: number; quick: number };
  run(ctx: BenchContext): Promise<BenchResult>;
}
