import { fieldName, parsePageAnswers, type AnswerContext } from "~/modules/surveys/answers";
import type { Answers, Question, QuestionType } from "~/modules/surveys/definition";

/**
 * The pieces of a survey page between the stored survey and the form: questions in the leaver's
 * language, and answers read without insisting on completeness (going back).
 */

export interface QuestionView {
  id: string;
  /** The form field: `q_<id>`. */
  name: string;
  type: QuestionType;
  prompt: string;
  help: string | null;
  required: boolean;
  /** Choices, reasons and yes/no: value and label in the leaver's language. */
  options: Array<{ value: string; label: string }>;
  maxLength: number | null;
}

export interface ReasonOption {
  code: string;
  label_en: string;
  label_fr: string;
}

export function questionView(question: Question, locale: "en" | "fr", reasons: readonly ReasonOption[]): QuestionView {
  const options =
    question.type === "reasons"
      ? reasons.map((r) => ({ value: r.code, label: locale === "fr" ? r.label_fr : r.label_en }))
      : question.options.map((o) => ({ value: o.id, label: o.label[locale] }));
  return {
    id: question.id,
    name: fieldName(question.id),
    type: question.type,
    prompt: question.prompt[locale],
    help: question.help?.[locale] ?? null,
    required: question.required,
    options,
    maxLength: question.type === "text" ? question.maxLength : null,
  };
}

/** Stored answers as form values keyed by field name, for parsePageAnswers. */
export function answersAsForm(answers: Answers): Record<string, unknown> {
  return Object.fromEntries(Object.entries(answers).map(([id, value]) => [fieldName(id), value]));
}

/**
 * A page's answers when the leaver goes back: nothing is required, a well-formed answer is kept,
 * a blank one clears the question, and a malformed one (a score of 11) leaves the earlier saved
 * answer in place rather than storing it.
 */
export function lenientPageAnswers(questions: readonly Question[], form: FormData, ctx: AnswerContext, saved: Answers): Answers {
  const answers: Answers = {};
  for (const question of questions) {
    const parsed = parsePageAnswers([{ ...question, required: false }], form, ctx);
    if (parsed.ok) Object.assign(answers, parsed.answers);
    else if (Object.hasOwn(saved, question.id)) answers[question.id] = saved[question.id]!;
  }
  return answers;
}
