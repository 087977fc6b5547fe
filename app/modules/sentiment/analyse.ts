/**
 * The contract every other domain uses to score a comment (pure: no database, no I/O).
 *
 * FOUNDATION (issue 13): this first body is a placeholder the sentiment work replaces with the real
 * scorer (lexicons, negation, intensifiers, contrast, emphasis, language detection). The signature
 * and the types are the contract and stay.
 */

export type SentimentLang = "en" | "fr";
export type SentimentLabel = "negative" | "neutral" | "positive";

export const THEMES = ["pay", "manager", "growth", "workload", "culture", "remote", "tools", "recognition"] as const;
export type Theme = (typeof THEMES)[number];

export interface CommentAnalysis {
  /** In [−1, 1]. */
  score: number;
  label: SentimentLabel;
  /** The language scored in: the one given, else detected. */
  lang: SentimentLang;
  /** Distinct themes the text mentions, in THEMES order. */
  themes: Theme[];
}

export function analyseComment(text: string, options: { lang?: SentimentLang } = {}): CommentAnalysis {
  const lower = text.toLowerCase();
  const positive = /\b(love|great|good|excellent|super|génial|bien)\b/.test(lower);
  const negative = /\b(toxic|bad|awful|underpaid|toxique|mauvais|sous-payé)\b/.test(lower);
  const score = positive === negative ? 0 : positive ? 0.6 : -0.6;
  const themes: Theme[] = [];
  if (/pay|salar|salaire/.test(lower)) themes.push("pay");
  if (/manager|boss|chef/.test(lower)) themes.push("manager");
  return { score, label: score > 0.05 ? "positive" : score < -0.05 ? "negative" : "neutral", lang: options.lang ?? "en", themes };
}
