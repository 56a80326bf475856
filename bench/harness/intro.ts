/** The fixed opening of docs/BENCHMARKS.md: what is measured, how, and how to run it. */
export const INTRO = [
  "Issue 7's five benchmarks, issue 15's flood (7), issue 10's send budget (6) and issue 11's publish (8), written by `bench/run.ts`. Everything below the line *This run* is generated: do not edit it by hand, run the command again. Earlier hand-copied runs of the flood benchmark are in [FLOOD-RUNS.md](FLOOD-RUNS.md).",
  "",
  "```sh",
  "npm run bench                     # every benchmark at full scale (about 15 minutes), rewrites this file",
  "npm run bench -- --quick          # smoke run for CI: ≤ 5 % of the scale, well under a minute, writes bench/out/quick/",
  "npm run bench -- --only ceiling   # some of them (startup, ceiling, headroom, million, reading, flood, budget, publish), writes bench/out/full/",
  "```",
  "",
  "How it measures:",
  "",
  "- **The emulator runs in its own process**: `src/sandbox/emulator-process.ts`, unchanged, started on port 0 through `bench/workers/emulator-guard.ts` (which only makes it exit when the runner goes away). Its limiter is the one documented in `src/sandbox/rate-limiter.ts` (exact sliding windows on arrival time); each benchmark states how it was set, the same for Relay and for its peers.",
  "- **Each contender runs in its own process** too (`bench/workers/`), so its CPU (`process.cpuUsage`), its peak RSS (`VmHWM`) and its crashes are its own. Contenders take turns on the same emulator, and every comparison is a ratio measured in the same run: the machines these run on are shared and noisy, absolute figures drift from run to run, ratios much less.",
  "- **What arrived is read from the emulator's record of every call** (`POST /__control/calls`), never from what a sender believes: 429s, messages lost and duplicated, send times.",
  "- **Targets are the issue's**; a missed one is marked MISSED and explained under *Missed targets* with the timing breakdown or CPU profile (V8's sampling profiler, summarised by area and function; the `.cpuprofile` files stay in `bench/out/full/profiles/` and open in Chrome DevTools). Benchmarks are not tests: a missed target does not fail the run, a crash does.",
  "- **Quick mode** (`--quick`, run by `.ci/run` after the tests) runs every benchmark at a tiny scale (45 subscribers, 1,000 messages, 2k/20k subscribers, 200 updates, one start-up) and checks only that each one finishes and writes all its figures; it judges no speed. Every child process is started in its own process group and killed on every path (success, crash, timeout, SIGINT/SIGTERM), every temp dir removed; each benchmark has a hard time limit; exit code 1 if any benchmark crashed or timed out.",
].join("\n");
