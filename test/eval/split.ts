import { readFileSync } from "node:fs";
import type { Lang } from "../../src/core/article/model.js";

/** One question of the evaluation set and the footnote that answers it (null: none does). */
export interface EvalQuestion {
  lang: Lang;
  text: string;
  note: number | null;
}

const file = new URL("./questions.json", import.meta.url);

/** All questions, in file order. */
export function loadQuestions(): EvalQuestion[] {
  return (JSON.parse(readFileSync(file, "utf8")) as { questions: EvalQuestion[] }).questions;
}

/** The deterministic split: within each language, even entries tune, odd entries are held out. */
export function splitQuestions(questions = loadQuestions()): {
  tuning: EvalQuestion[];
  heldOut: EvalQuestion[];
} {
  const seen = new Map<Lang, number>();
  const tuning: EvalQuestion[] = [];
  const heldOut: EvalQuestion[] = [];
  for (const q of questions) {
    const k = seen.get(q.lang) ?? 0;
    seen.set(q.lang, k + 1);
    (k % 2 === 0 ? tuning : heldOut).push(q);
  }
  return { tuning, heldOut };
}
