import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadArticle } from "../../src/core/article/load.js";
import { buildCorpus } from "../../src/core/search/corpus.js";
import { tokenize } from "../../src/core/search/normalize.js";
import { createQuestionMatcher, type MatcherOptions } from "../../src/core/search/questions.js";
import type { AnalyzeOptions } from "../../src/core/search/stem.js";
import { isStopWord } from "../../src/core/search/stop-words.js";
import { loadQuestions } from "./split.js";

/*
 * What each normalisation step changes, measured by switching it off alone: on every question of
 * questions.json (both halves: this measures, it tunes nothing), (a) the share of the questions'
 * content words that meet a word of the article (same stem, any edition) and (b) footnote answers
 * right, with typo tolerance on and off (it can hide what a step does: "dalmaty" is one edit from
 * "almaty"). The figures go to the closing note of the search issue.
 */

const dataDir = process.env.RELAY_EVAL_DATA ?? fileURLToPath(new URL("../../data", import.meta.url));
const article = loadArticle(dataDir);
const questions = loadQuestions();

const steps: { name: string; analysis?: AnalyzeOptions; matcher?: MatcherOptions }[] = [
  { name: "everything on" },
  { name: "no stemming", analysis: { stem: false } },
  { name: "no accent folding", analysis: { foldAccents: false } },
  { name: "no ё→е folding", analysis: { foldYo: false } },
  { name: "no elision split", analysis: { splitElisions: false } },
  { name: "no synonyms", matcher: { synonyms: false } },
];

// The denominator is fixed: the content words found with everything on. A word counts as met
// when a word the switched-off analysis makes from the same characters meets the article.
function wordRecall(analysis: AnalyzeOptions | undefined): { met: number; total: number } {
  const corpora = [...buildCorpus(article, analysis).values()];
  const meets = (word: string) => corpora.some((c) => c.wordsWithStem(c.stem(word)).length > 0);
  let met = 0;
  let total = 0;
  for (const q of questions) {
    const ablated = tokenize(q.text, analysis);
    for (const t of tokenize(q.text)) {
      if (isStopWord(t.word) || t.word.length < 2) continue;
      total++;
      if (ablated.some((a) => a.start < t.end && t.start < a.end && meets(a.word))) met++;
    }
  }
  return { met, total };
}

function answered(options: MatcherOptions): number {
  const matcher = createQuestionMatcher(article, options);
  return questions.filter((q) => {
    const a = matcher.answer(q.text);
    return (a.kind === "note" ? a.note : null) === q.note;
  }).length;
}

const rows = steps.map((s) => {
  const options = { ...(s.analysis ? { analysis: s.analysis } : {}), ...s.matcher };
  return {
    name: s.name,
    recall: wordRecall(s.analysis),
    right: answered(options),
    rightNoFuzzy: answered({ ...options, fuzzy: false }),
  };
});

const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)}%`;
console.log(
  `normalisation steps (editions: ${article.available.join(", ")}; ${questions.length} questions)\n` +
    "  step                 words met            right           right, no typo tolerance\n" +
    rows
      .map(
        (r) =>
          `  ${r.name.padEnd(20)} ${`${r.recall.met}/${r.recall.total} ${pct(r.recall.met, r.recall.total)}`.padEnd(20)} ` +
          `${`${r.right}/${questions.length}`.padEnd(15)} ${r.rightNoFuzzy}/${questions.length}`,
      )
      .join("\n"),
);

describe("each normalisation step", () => {
  const full = rows[0] as (typeof rows)[number];
  it.each(rows.slice(1))("helps or is neutral: $name", (r) => {
    expect(full.recall.met, "words met").toBeGreaterThanOrEqual(r.recall.met);
    expect(full.rightNoFuzzy, "right answers without typo tolerance").toBeGreaterThanOrEqual(r.rightNoFuzzy);
  });

  it("stemming is what lets inflected questions meet the text", () => {
    const noStem = rows.find((r) => r.name === "no stemming");
    expect(noStem?.recall.met).toBeLessThan(full.recall.met);
  });
});
