import { z } from "zod";

/**
 * The shape of a survey as stored: in `surveys.draft` while HR edits it, frozen in
 * `survey_versions.definition` once published. Every text exists in English and French. Shared by
 * the builder, the leaver's flow and the reports; read from the database through
 * `parseSurveyDefinition`, never trusted as is.
 *
 * Answers are stored as `Record<questionId, AnswerValue>`:
 * enps → integer 0–10, rating → integer 1–5, single_choice → option id, multiple_choice → option ids,
 * reasons → reason codes (from departure_reasons), yes_no → boolean, text → string.
 */

export const QUESTION_TYPES = ["enps", "rating", "single_choice", "multiple_choice", "reasons", "yes_no", "text"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const SURVEY_KINDS = ["exit", "pulse"] as const;
export const CONFIDENTIALITY_MODES = ["confidential", "anonymous"] as const;

export const QUESTION_ID_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
export const TEXT_MAX_LENGTH_LIMIT = 5000;
export const PROMPT_MAX = 300;
export const HELP_MAX = 500;
export const OPTION_LABEL_MAX = 120;

export const localizedTextSchema = (max: number) =>
  z.object({ en: z.string().trim().min(1).max(max), fr: z.string().trim().min(1).max(max) });
export type LocalizedText = { en: string; fr: string };

export const choiceOptionSchema = z.object({
  id: z.string().regex(QUESTION_ID_PATTERN),
  label: localizedTextSchema(OPTION_LABEL_MAX),
});
export type ChoiceOption = z.infer<typeof choiceOptionSchema>;

/** Show a question only when an earlier question's answer matches, e.g. eNPS ≤ 6. */
export const conditionSchema = z.object({
  questionId: z.string().regex(QUESTION_ID_PATTERN),
  operator: z.enum(["lte", "gte", "eq", "includes"]),
  value: z.union([z.number().int(), z.string().max(100), z.boolean()]),
});
export type QuestionCondition = z.infer<typeof conditionSchema>;

export const questionSchema = z.object({
  id: z.string().regex(QUESTION_ID_PATTERN),
  type: z.enum(QUESTION_TYPES),
  prompt: localizedTextSchema(PROMPT_MAX),
  help: localizedTextSchema(HELP_MAX).nullable().default(null),
  required: z.boolean(),
  /** single_choice and multiple_choice only. */
  options: z.array(choiceOptionSchema).max(20).default([]),
  /** text only. */
  maxLength: z.number().int().min(1).max(TEXT_MAX_LENGTH_LIMIT).nullable().default(null),
  condition: conditionSchema.nullable().default(null),
});
export type Question = z.infer<typeof questionSchema>;

export const surveyDefinitionSchema = z.object({
  /** Shown on the welcome page under the confidentiality statement. */
  intro: localizedTextSchema(1000).nullable().default(null),
  /** In the order they are asked. */
  questions: z.array(questionSchema).max(60),
});
export type SurveyDefinition = z.infer<typeof surveyDefinitionSchema>;

export type AnswerValue = number | string | string[] | boolean;
export type Answers = Record<string, AnswerValue>;

/** Parses a jsonb definition read from the database; throws if it was stored malformed. */
export function parseSurveyDefinition(value: unknown): SurveyDefinition {
  return surveyDefinitionSchema.parse(typeof value === "string" ? JSON.parse(value) : value);
}
