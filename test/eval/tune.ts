/**
 * Threshold tuning for src/core/search/questions.ts, on the TUNING half of questions.json only.
 * Run: npx tsx test/eval/tune.ts [dataDir]. For each context weight, prints the grid points of
 * MIN_SCORE × MIN_MARGIN with the best accuracy; the constants in questions.ts are the middle of
 * the widest such plateau. The held-out half is never read here.
 */
import { loadArticle } from "../../src/core/article/load.js";
import { CONTEXT_WEIGHT, createQuestionMatcher, decide } from "../../src/core/search/questions.js";
import { splitQuestions } from "./split.js";

const article = loadArticle(process.argv[2] ?? new URL("../../data", import.meta.url).pathname);
const { tuning } = splitQuestions();
const out = (line: string) => process.stdout.write(`${line}\n`);
const fixed = (x: number) => x.toFixed(2);
const range = (from: number, to: number, step: number) =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => from + i * step);

out(`editions: ${article.available.join(", ")}; tuning questions: ${tuning.length}`);
for (const contextWeight of [0.25, 0.5, 0.75, 1]) {
  const matcher = createQuestionMatcher(article, { contextWeight });
  const scored = tuning.map((q) => ({ q, scores: matcher.scores(q.text) }));
  const grid = range(0.1, 1.5, 0.05).flatMap((minScore) =>
    range(0, 1, 0.05).map((minMargin) => {
      const right = scored.filter(({ q, scores }) => {
        const a = decide(scores, minScore, minMargin);
        return a.kind === "note" ? a.note === q.note : q.note === null;
      });
      return { minScore, minMargin, correct: right.length };
    }),
  );
  const top = Math.max(...grid.map((g) => g.correct));
  const plateau = grid.filter((g) => g.correct === top);
  const scores = plateau.map((g) => g.minScore);
  const margins = plateau.map((g) => g.minMargin);
  out(
    `context weight ${contextWeight}: best ${top}/${tuning.length} on ${plateau.length} grid points, ` +
      `score ${fixed(Math.min(...scores))}–${fixed(Math.max(...scores))}, ` +
      `margin ${fixed(Math.min(...margins))}–${fixed(Math.max(...margins))}`,
  );
  if (contextWeight !== CONTEXT_WEIGHT) continue;
  for (const { q, scores: s } of scored) {
    const a = decide(s);
    const ok = a.kind === "note" ? a.note === q.note : q.note === null;
    if (!ok)
      out(`  miss at the defaults: [${q.lang}] ${q.text} → ${q.note} expected; scores ${s.map(fixed)}`);
  }
}
