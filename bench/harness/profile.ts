/** Reads a V8 .cpuprofile (node --cpu-prof) into where the time went: by function and by area. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Share of the profiled time the thread was not idle. */
  busyShare: number;
  /** Self time by area: Relay's src/ folders, each dependency, node internals, GC, idle. */
  areas: Array<{ area: string; ms: number; share: number }>;
  /** The functions with the most self time. */
  top: Array<{ fn: string; where: string; ms: number; share: number }>;
}

const ROOT = join(import.meta.dirname, "..", "..");

function areaOf(url: string, fn: string): string {
  if (fn === "(garbage collector)") return "GC";
  if (fn === "(idle)" || fn === "(program)") return fn;
  if (!url) return "native / V8";
  if (url.startsWith("node:")) return "node internals";
  const path = url.replace(/^file:\/\//, "");
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (nm?.[1]) return nm[1];
  const rel = relative(ROOT, path);
  const parts = rel.split("/");
  if (parts[0] === "src" || parts[0] === "bench") return parts.slice(0, 2).join("/");
  return rel;
}

/** Self time per node, from samples and time deltas (µs → ms). */
export function summarizeProfile(file: string, topN = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  // A native frame (better-sqlite3's run, a socket's writev) is charged to the nearest JS caller's area.
  const callerArea = (id: number): string | undefined => {
    for (let p = parentOf.get(id); p !== undefined; p = parentOf.get(p)) {
      const frame = byId.get(p)?.callFrame;
      if (frame?.url) return areaOf(frame.url, frame.functionName);
    }
    return undefined;
  };
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i] as number;
    // A sample's time is the delta to the next one.
    const dt = (deltas[i + 1] ?? 0) / 1000;
    self.set(id, (self.get(id) ?? 0) + dt);
  }
  const totalMs = [...self.values()].reduce((a, b) => a + b, 0);
  const areas = new Map<string, number>();
  const fns = new Map<string, { fn: string; where: string; ms: number }>();
  for (const [id, ms] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const fn = functionName || "(anonymous)";
    let area = areaOf(url, fn);
    if (area === "native / V8") {
      const caller = callerArea(id);
      if (caller) area = `${caller} › native`;
    }
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const where = url ? `${relative(ROOT, url.replace(/^file:\/\//, ""))}:${lineNumber + 1}` : area;
    const key = `${fn}@${where}`;
    const entry = fns.get(key) ?? { fn, where, ms: 0 };
    entry.ms += ms;
    fns.set(key, entry);
  }
  const idleMs = areas.get("(idle)") ?? 0;
  const busyMs = totalMs - idleMs;
  // Shares are of the busy time: where the CPU went, not how long the thread waited.
  const share = (ms: number) => (busyMs > 0 ? ms / busyMs : 0);
  return {
    file,
    totalMs,
    busyShare: totalMs > 0 ? busyMs / totalMs : 0,
    areas: [...areas]
      .filter(([area]) => area !== "(idle)")
      .map(([area, ms]) => ({ area, ms, share: share(ms) }))
      .sort((a, b) => b.ms - a.ms),
    top: [...fns.values()]
      .filter((f) => f.fn !== "(idle)")
      .sort((a, b) => b.ms - a.ms)
      .slice(0, topN)
      .map((f) => ({ ...f, share: share(f.ms) })),
  };
}

/**
 * The main thread's profile of the newest process in a directory. tsx's loader runs in a second
 * thread that writes its own file (CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile): the main
 * thread is thread 0.
 */
export function latestProfile(dir: string): string | undefined {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => ({ f, m: /^CPU\.(\d+)\.(\d+)\.(\d+)\.(\d+)\.(\d+)\.cpuprofile$/.exec(f) }))
    .filter((x) => x.m?.[4] === "0")
    .sort((a, b) => statSync(join(dir, a.f)).mtimeMs - statSync(join(dir, b.f)).mtimeMs);
  const last = files.at(-1);
  return last ? join(dir, last.f) : undefined;
}

/** A short text rendering for docs/BENCHMARKS.md. */
export function describeProfile(s: ProfileSummary, areas = 8, fns = 8): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const a = s.areas
    .filter((x) => x.area !== "(idle)")
    .slice(0, areas)
    .map((x) => `${x.area} ${pct(x.share)}`)
    .join(", ");
  const f = s.top
    .slice(0, fns)
    .map((x) => `\`${x.fn}\` (${x.where}) ${pct(x.share)}`)
    .join("; ");
  return `the thread was busy ${pct(s.busyShare)} of the ${(s.totalMs / 1000).toFixed(1)} s profiled; of that busy time, by area: ${a}. Top functions: ${f}.`;
}
