import { detectLanguage } from "./language";
import type { SentimentLang } from "./types";
import { scoreText } from "./score";
import { tagThemes, type Theme } from "./themes";

/**
 * The contract every other domain uses to score a comment (pure: no database, no I/O): a score in
 * [−1, 1], its label, the language it was scored in and the themes it mentions. How the score is
 * made, the lexicons and their licences: docs/decisions/025-comment-sentiment-and-themes.md.
 */

export type { SentimentLang } from "./types";
export { THEMES, type Theme } from "./themes";
export type SentimentLabel = "negative" | "neutral" | "positive";

/** A score at or beyond ±0.05 carries a sentiment (VADER's published thresholds). */
export const LABEL_THRESHOLD = 0.05;

export interface CommentAnalysis {
  /** In [−1, 1]. */
  score: number;
  label: SentimentLabel;
  /** The language scored in: the one given, else detected. */
  lang: SentimentLang;
  /** Distinct themes the text mentions, in THEMES order. */
  themes: Theme[];
}

export function labelFor(score: number): SentimentLabel {
  return score >= LABEL_THRESHOLD ? "positive" : score <= -LABEL_THRESHOLD ? "negative" : "neutral";
}

export function analyseComment(text: string, options: { lang?: SentimentLang } = {}): CommentAnalysis {
  const lang = options.lang ?? detectLanguage(text);
  // Four decimals: what a database column or a JSON line keeps, and all the precision a lexicon has.
  const score = Math.round(scoreText(text, lang) * 10_000) / 10_000 || 0;
  return { score, label: labelFor(score), lang, themes: tagThemes(text) };
}
