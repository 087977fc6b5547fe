import { z } from "zod";
import type { AppLocale } from "~/modules/i18n/config";
import type { Answers, SurveyDefinition } from "~/modules/surveys/definition";
import { enpsCategory, type EnpsCategory } from "./enps";

/**
 * One confidential response as HR reads it: every question of the frozen version in HR's language,
 * beside the answer given (option and reason labels instead of codes). Pure, so that the page and
 * the tests share it.
 */

export type AnswerView =
  | { kind: "none" }
  | { kind: "score"; value: number; max: number; category: EnpsCategory | null }
  | { kind: "choices"; labels: string[] }
  | { kind: "boolean"; value: boolean }
  | { kind: "text"; value: string };

export interface QuestionAnswerView {
  id: string;
  type: SurveyDefinition["questions"][number]["type"];
  prompt: string;
  answer: AnswerView;
}

const answerValue = z.union([z.number(), z.string(), z.array(z.string()), z.boolean()]);

/**
 * `survey_responses.answers` as stored. Read defensively: a value of an unexpected shape is dropped
 * rather than taking the page down (the flow validated it when it was written).
 */
export function parseStoredAnswers(value: unknown): Answers {
  const raw = typeof value === "string" ? safeJson(value) : value;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return {};
  const answers: Answers = {};
  for (const [key, entry] of Object.entries(raw as Record<string, unknown>)) {
    const parsed = answerValue.safeParse(entry);
    if (parsed.success) answers[key] = parsed.data;
  }
  return answers;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Every reason code the answers mention, to look their labels up in one query. */
export function reasonCodesIn(definition: SurveyDefinition, answers: Answers): string[] {
  const codes = new Set<string>();
  for (const question of definition.questions) {
    const value = answers[question.id];
    if (question.type === "reasons" && Array.isArray(value)) value.forEach((code) => codes.add(code));
    if (question.type === "reasons" && typeof value === "string") codes.add(value);
  }
  return [...codes];
}

export function describeAnswers(
  definition: SurveyDefinition,
  answers: Answers,
  { locale, reasonLabels }: { locale: AppLocale; reasonLabels: ReadonlyMap<string, string> },
): QuestionAnswerView[] {
  return definition.questions.map((question) => {
    const value = answers[question.id];
    const optionLabel = (id: string) => question.options.find((option) => option.id === id)?.label[locale] ?? id;
    const list = (raw: typeof value) => (Array.isArray(raw) ? raw : typeof raw === "string" ? [raw] : []);
    let answer: AnswerView = { kind: "none" };
    if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) {
      answer = { kind: "none" };
    } else if ((question.type === "enps" || question.type === "rating") && typeof value === "number") {
      answer = {
        kind: "score",
        value,
        max: question.type === "enps" ? 10 : 5,
        category: question.type === "enps" ? enpsCategory(value) : null,
      };
    } else if (question.type === "single_choice" || question.type === "multiple_choice") {
      answer = { kind: "choices", labels: list(value).map(optionLabel) };
    } else if (question.type === "reasons") {
      answer = { kind: "choices", labels: list(value).map((code) => reasonLabels.get(code) ?? code) };
    } else if (question.type === "yes_no" && typeof value === "boolean") {
      answer = { kind: "boolean", value };
    } else {
      // Free text, or a value whose shape no longer matches its question: shown as written.
      answer = { kind: "text", value: Array.isArray(value) ? value.join(", ") : String(value) };
    }
    return { id: question.id, type: question.type, prompt: question.prompt[locale], answer };
  });
}
