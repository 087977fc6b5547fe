import type { Answers, Question, SurveyDefinition } from "~/modules/surveys/definition";

/**
 * What a pulse asks: the survey's one eNPS question and, optionally, one free-text question for a
 * comment. The builder lets a pulse survey hold other questions too (ratings, choices), but the
 * answer page and the email's scale ask exactly these two, so only a survey of this shape can be
 * scheduled as a pulse; anything else would collect answers the survey's own definition calls
 * incomplete.
 */
export interface PulseQuestions {
  enps: Question;
  comment: Question | null;
}

export const PULSE_COMMENT_MAX = 5000;

/** The two questions of a pulse-ready definition; null when the definition is not one. */
export function pulseQuestions(definition: SurveyDefinition): PulseQuestions | null {
  const enps = definition.questions.filter((q) => q.type === "enps");
  const texts = definition.questions.filter((q) => q.type === "text");
  if (enps.length !== 1 || texts.length > 1 || enps.length + texts.length !== definition.questions.length) return null;
  const comment = texts[0] ?? null;
  // A comment shown only for some scores, or a required one, is not what the one-page form asks.
  if (enps[0]!.condition || (comment && (comment.condition || comment.required))) return null;
  return { enps: enps[0]!, comment };
}

/** The longest comment the survey takes (its own limit when it sets a smaller one). */
export function commentLimit(questions: PulseQuestions): number {
  return Math.min(PULSE_COMMENT_MAX, questions.comment?.maxLength ?? PULSE_COMMENT_MAX);
}

/** The answers in the survey's own format (`Record<questionId, value>`); an empty comment is left out. */
export function pulseAnswers(questions: PulseQuestions, answer: { score: number; comment: string }): Answers {
  const answers: Answers = { [questions.enps.id]: answer.score };
  if (questions.comment && answer.comment.trim()) answers[questions.comment.id] = answer.comment.trim();
  return answers;
}
