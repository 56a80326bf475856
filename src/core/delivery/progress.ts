/** The figures a broadcast's progress message shows. */
export interface ProgressCounts {
  total: number;
  sent: number;
  failed: number;
  pending: number;
}

export interface ProgressFigures {
  percent: number;
  /** Messages a second since the reporter started watching. */
  rate: number;
  /** Seconds left at that rate; undefined until there is a rate. */
  etaSeconds: number | undefined;
  done: boolean;
}

/** Percent done (sent or failed), rate since `since`, and ETA. */
export function progressFigures(
  now: ProgressCounts,
  since: { at: number; sent: number },
  at: number,
): ProgressFigures {
  const finished = now.sent + now.failed;
  const percent = now.total === 0 ? 100 : Math.floor((finished / now.total) * 100);
  const seconds = (at - since.at) / 1000;
  const rate = seconds > 0 ? Math.max(0, now.sent - since.sent) / seconds : 0;
  const etaSeconds = rate > 0 ? Math.ceil(now.pending / rate) : undefined;
  return { percent, rate, etaSeconds, done: now.pending === 0 };
}

/** "1 h 02 min", "3 min 05 s", "12 s": compact and language-neutral. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}
