import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadArticle } from "../../src/core/article/load.js";
import { LANGS } from "../../src/core/article/model.js";
import { answerQuestion } from "../../src/core/search/questions.js";
import { type EvalQuestion, loadQuestions, splitQuestions } from "./split.js";

// RELAY_EVAL_DATA points the evaluation at another data directory (e.g. editions in progress).
const dataDir = process.env.RELAY_EVAL_DATA ?? fileURLToPath(new URL("../../data", import.meta.url));
const article = loadArticle(dataDir);
const { tuning, heldOut } = splitQuestions();

type Outcome = "right" | "missed" | "wrong";

function outcome(q: EvalQuestion): Outcome {
  const a = answerQuestion(article, q.text, q.lang);
  const got = a.kind === "note" ? a.note : null;
  if (got === q.note) return "right";
  return got === null ? "missed" : "wrong";
}

const results = heldOut.map((q) => ({ q, outcome: outcome(q) }));
const table = LANGS.map((lang) => {
  const mine = results.filter((r) => r.q.lang === lang);
  const count = (o: Outcome) => mine.filter((r) => r.outcome === o).length;
  return {
    lang,
    edition: article.available.includes(lang),
    total: mine.length,
    right: count("right"),
    wrong: count("wrong"),
  };
});
console.log(
  `footnote questions, held-out half (editions: ${article.available.join(", ")})\n` +
    table.map((t) => `  ${t.lang}: ${t.right}/${t.total} right, ${t.wrong} wrong footnote`).join("\n") +
    `\n${results
      .filter((r) => r.outcome !== "right")
      .map((r) => `  ${r.outcome}: [${r.q.lang}] ${r.q.text} (expected ${r.q.note})`)
      .join("\n")}`,
);

describe("the footnote question evaluation set", () => {
  it("has at least 30 questions per language, about a fifth with no footnote to find", () => {
    const all = loadQuestions();
    for (const lang of LANGS) {
      const mine = all.filter((q) => q.lang === lang);
      expect(mine.length, lang).toBeGreaterThanOrEqual(30);
      const nulls = mine.filter((q) => q.note === null).length / mine.length;
      expect(nulls, lang).toBeGreaterThan(0.15);
      expect(nulls, lang).toBeLessThan(0.3);
    }
  });

  it("splits into halves that share no question", () => {
    const tuned = new Set(tuning.map((q) => `${q.lang}:${q.text}`));
    expect(heldOut.some((q) => tuned.has(`${q.lang}:${q.text}`))).toBe(false);
    expect(tuning.length + heldOut.length).toBe(loadQuestions().length);
  });
});

describe.each(table)("held-out questions in $lang", ({ lang, edition, total, right, wrong }) => {
  it.runIf(edition)("are answered right at least 80% of the time when that edition exists", () => {
    expect(right / total, `${lang}: ${right}/${total}`).toBeGreaterThanOrEqual(0.8);
  });

  it("rarely point to a wrong footnote, edition or not (at most 10%)", () => {
    expect(wrong / total, `${lang}: ${wrong} wrong of ${total}`).toBeLessThanOrEqual(0.1);
  });
});
