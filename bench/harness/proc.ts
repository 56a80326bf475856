/** CPU time of another process (the emulator), from /proc: was it the bottleneck? */
import { readFileSync } from "node:fs";

// USER_HZ: 100 on every Linux the project runs on (x86_64, arm64 kernels use it as well).
const TICKS_PER_SECOND = 100;

/** User + system CPU ms consumed so far by process `pid`; NaN where /proc is not available. */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** Peak resident set size of process `pid` so far (VmHWM), in bytes; NaN where /proc is not available. */
export function processPeakRss(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m?.[1] ? Number(m[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
