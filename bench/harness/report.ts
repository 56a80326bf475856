/** The table on the terminal and docs/BENCHMARKS.md. */
import type { Machine } from "./machine.js";
import type { BenchResult, Figure } from "./result.js";

export interface RunReport {
  quick: boolean;
  command: string;
  startedAt: Date;
  durationMs: number;
  machine: Machine;
  results: BenchResult[];
  /** Benchmarks that crashed or timed out: id → message. */
  failures: Record<string, string>;
}

const VERDICT = { met: "met", missed: "MISSED", "n/a": "–" } as const;

function cells(f: Figure): string[] {
  return [f.subject, f.metric, f.value, f.target ?? "", f.verdict ? VERDICT[f.verdict] : ""];
}

/** A plain-text table for the terminal. */
export function terminalTable(results: BenchResult[]): string {
  const head = ["benchmark", "subject", "metric", "value", "target", "verdict"];
  const rows = results.flatMap((r) => r.figures.map((f) => [r.id, ...cells(f)]));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (row: string[]) => row.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" │ ");
  return [line(head), widths.map((w) => "─".repeat(w)).join("─┼─"), ...rows.map(line)].join("\n");
}

const escapeCell = (s: string) => s.replaceAll("|", "\\|");

/** docs/BENCHMARKS.md (or the quick run's copy in bench/out/). */
export function markdown(report: RunReport, intro: string): string {
  const { machine } = report;
  const out: string[] = [];
  out.push("# Benchmarks", "");
  out.push(intro, "");
  out.push("## This run", "");
  out.push(`- Command: \`${report.command}\``);
  out.push(`- Date: ${report.startedAt.toISOString()} (took ${Math.round(report.durationMs / 1000)} s)`);
  out.push(
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.platform}, Node ${machine.node}`,
  );
  if (report.quick) out.push("- **Quick smoke run**: tiny scale, no figure here says anything about speed.");
  out.push("");
  out.push("## Summary", "");
  out.push("| Benchmark | Subject | Metric | Value | Target | Verdict |", "|---|---|---|---|---|---|");
  for (const r of report.results)
    for (const f of r.figures) out.push(`| ${[r.title, ...cells(f)].map(escapeCell).join(" | ")} |`);
  for (const [id, message] of Object.entries(report.failures))
    out.push(`| ${escapeCell(id)} | – | **crashed** | ${escapeCell(message.split("\n")[0] ?? "")} | | |`);
  out.push("");
  const misses = report.results.flatMap((r) => r.missed.map((m) => `- **${r.title}**: ${m}`));
  out.push("## Missed targets", "");
  if (report.quick) out.push("Not judged in a quick run.");
  else if (misses.length === 0 && Object.keys(report.failures).length === 0) out.push("None in this run.");
  else
    out.push(
      ...misses,
      ...Object.keys(report.failures).map((id) => `- **${id}** did not finish (see above).`),
    );
  out.push("");
  for (const r of report.results) {
    out.push(`## ${r.title}`, "", `Set-up: ${r.setup}`, "");
    out.push("| Subject | Metric | Value | Target | Verdict |", "|---|---|---|---|---|");
    for (const f of r.figures) out.push(`| ${cells(f).map(escapeCell).join(" | ")} |`);
    out.push("");
    for (const n of r.notes) out.push(n, "");
    if (r.missed.length > 0) {
      out.push("**Missed:**", "");
      for (const m of r.missed) out.push(`- ${m}`);
      out.push("");
    }
  }
  for (const [id, message] of Object.entries(report.failures))
    out.push(`## ${id}: did not finish`, "", "```text", message.slice(0, 4000), "```", "");
  return `${out.join("\n").trimEnd()}\n`;
}
