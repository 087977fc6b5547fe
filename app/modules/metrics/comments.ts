import { analyseComment, type SentimentLabel, type SentimentLang, type Theme } from "~/modules/sentiment/analyse";
import type { Question } from "~/modules/surveys/definition";

/**
 * Which answers are comments, and what they are scored (pure). A comment is a non-empty answer to a
 * question of type `text`; every other answer is a choice, a number or a yes/no.
 *
 * Scores are kept to four decimals (the columns are numeric(5, 4)) and summed in whole units of
 * 1/10,000, so that a rollup's sentiment sum is exact and the rebuild finds the same figure.
 */

const SCORE_UNITS = 10_000;

export interface ScoredComment {
  questionId: string;
  /** In [−1, 1], four decimals. */
  score: number;
  label: SentimentLabel;
  lang: SentimentLang;
  themes: Theme[];
}

/** The written answers of a response, in the order the questions are asked. */
export function freeTextAnswers(questions: readonly Pick<Question, "id" | "type">[], answers: Record<string, unknown>): { questionId: string; text: string }[] {
  return questions.flatMap((question) => {
    const value = answers[question.id];
    if (question.type !== "text" || typeof value !== "string" || value.trim() === "") return [];
    return [{ questionId: question.id, text: value }];
  });
}

/** `lang`: the response's language when it has one (confidential), else detected by the scorer. */
export function scoreComments(questions: readonly Pick<Question, "id" | "type">[], answers: Record<string, unknown>, lang?: SentimentLang): ScoredComment[] {
  return freeTextAnswers(questions, answers).map(({ questionId, text }) => {
    const analysis = analyseComment(text, lang ? { lang } : {});
    const units = Math.round(Math.max(-1, Math.min(1, analysis.score)) * SCORE_UNITS);
    return { questionId, score: units / SCORE_UNITS, label: analysis.label, lang: analysis.lang, themes: [...new Set(analysis.themes)] };
  });
}

export interface ThemeTotals {
  theme: string;
  comments: number;
  /** Exact, as a decimal string with four places (for a numeric column). */
  sentimentSum: string;
  negative: number;
  neutral: number;
  positive: number;
}

/** Per theme, the comments that mention it; `sign` −1 gives what to take away. */
export function themeTotals(comments: ReadonlyArray<{ score: number | string; label: SentimentLabel; themes: readonly string[] }>, sign: 1 | -1 = 1): ThemeTotals[] {
  const byTheme = new Map<string, { comments: number; units: number; negative: number; neutral: number; positive: number }>();
  for (const comment of comments) {
    const units = Math.round(Number(comment.score) * SCORE_UNITS);
    for (const theme of new Set(comment.themes)) {
      const totals = byTheme.get(theme) ?? { comments: 0, units: 0, negative: 0, neutral: 0, positive: 0 };
      totals.comments += 1;
      totals.units += units;
      totals[comment.label] += 1;
      byTheme.set(theme, totals);
    }
  }
  // Sorted, so that concurrent writers lock the rollup rows in the same order.
  return [...byTheme.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([theme, totals]) => ({
      theme,
      comments: sign * totals.comments,
      sentimentSum: unitsToDecimal(sign * totals.units),
      negative: sign * totals.negative,
      neutral: sign * totals.neutral,
      positive: sign * totals.positive,
    }));
}

/** Whole units of 1/10,000 as an exact decimal string ("-12.0500"). */
export function unitsToDecimal(units: number): string {
  const sign = units < 0 ? "-" : "";
  const magnitude = Math.abs(units);
  return `${sign}${Math.floor(magnitude / SCORE_UNITS)}.${String(magnitude % SCORE_UNITS).padStart(4, "0")}`;
}
