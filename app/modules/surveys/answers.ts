import { TEXT_MAX_LENGTH_LIMIT, type Answers, type AnswerValue, type Question, type SurveyDefinition } from "./definition";
import { pageOfQuestion, visibleQuestions } from "./pages";
import type { Failure, FailureCode } from "~/utils/failures";

/**
 * Reading and checking a leaver's answers. A page's form posts one field per question,
 * `q_<questionId>` (repeated for several choices); `parsePageAnswers` turns it into typed answers or
 * into coded failures, one per question in error (its `field` is the question's id), that the page
 * puts into the leaver's words beside each question (ADR 013). `validateAllAnswers` is the last check
 * before a response is stored: answers saved page by page are checked again against the questions
 * that apply now, and the answers of hidden questions are dropped.
 */

export interface AnswerContext {
  /** The reason codes a `reasons` question accepts (the configured departure reasons). */
  reasonCodes: readonly string[];
}

/** What the leaver sent for each question, as sent: to fill the form again next to the errors. */
export type RawAnswers = Record<string, string | string[]>;

export type PageAnswersResult =
  | { ok: true; answers: Answers }
  | { ok: false; answers: RawAnswers; failures: Failure[] };

export const ENPS_MIN = 0;
export const ENPS_MAX = 10;
export const RATING_MIN = 1;
export const RATING_MAX = 5;
/** What a yes/no question posts. */
export const YES = "yes";
export const NO = "no";

export function fieldName(questionId: string): string {
  return `q_${questionId}`;
}

/** The most characters a text question accepts (its own limit, or the global one). */
export function textLimit(question: Question): number {
  return question.maxLength ?? TEXT_MAX_LENGTH_LIMIT;
}

export function isMultiValued(question: Question): boolean {
  return question.type === "multiple_choice" || question.type === "reasons";
}

type FormInput = FormData | URLSearchParams | Record<string, unknown>;

function toStrings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(toStrings);
  if (typeof value === "string") return [value];
  if (typeof value === "number") return [String(value)];
  if (typeof value === "boolean") return [value ? YES : NO];
  // A file or an object where text was expected: nothing usable was sent.
  return [];
}

function valuesOf(form: FormInput, name: string): string[] {
  if (form instanceof FormData || form instanceof URLSearchParams) return toStrings(form.getAll(name));
  return toStrings(form[name]);
}

/**
 * Browsers send line breaks as CRLF but count them as one character in `maxlength`; PostgreSQL
 * cannot store NUL in jsonb.
 */
function normaliseText(value: string): string {
  return value.replace(/\r\n?/g, "\n").replaceAll("\u0000", "").trim();
}

/** What is wrong with one answer: a code of failures.json's `surveyAnswer` section and its values. */
type AnswerProblem = { code: FailureCode; values?: Record<string, number> };

type Parsed = { value: AnswerValue | undefined } | { error: AnswerProblem };

function parseInteger(raw: string, min: number, max: number): number | undefined {
  if (!/^\d{1,3}$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= min && value <= max ? value : undefined;
}

function parseOne(question: Question, values: string[], ctx: AnswerContext): Parsed {
  const first = (values[0] ?? "").trim();
  switch (question.type) {
    case "enps":
    case "rating": {
      if (first === "") return { value: undefined };
      const [min, max] = question.type === "enps" ? [ENPS_MIN, ENPS_MAX] : [RATING_MIN, RATING_MAX];
      const value = parseInteger(first, min, max);
      return value === undefined ? { error: { code: "surveyAnswer.outOfRange", values: { min, max } } } : { value };
    }
    case "single_choice": {
      if (first === "") return { value: undefined };
      return question.options.some((o) => o.id === first) ? { value: first } : { error: { code: "surveyAnswer.unknownOption" } };
    }
    case "multiple_choice":
    case "reasons": {
      const chosen = [...new Set(values.map((v) => v.trim()).filter((v) => v !== ""))];
      if (chosen.length === 0) return { value: undefined };
      const known = question.type === "reasons" ? new Set(ctx.reasonCodes) : new Set(question.options.map((o) => o.id));
      if (chosen.some((v) => !known.has(v))) return { error: { code: "surveyAnswer.unknownOption" } };
      return { value: chosen };
    }
    case "yes_no": {
      if (first === "") return { value: undefined };
      if (first === YES || first === "true") return { value: true };
      if (first === NO || first === "false") return { value: false };
      return { error: { code: "surveyAnswer.yesNo" } };
    }
    case "text": {
      const text = normaliseText(values[0] ?? "");
      if (text === "") return { value: undefined };
      const max = textLimit(question);
      return text.length > max ? { error: { code: "surveyAnswer.tooLong", values: { max, count: text.length } } } : { value: text };
    }
  }
}

function requiredCode(question: Question): FailureCode {
  switch (question.type) {
    case "enps":
    case "rating":
      return "surveyAnswer.required.score";
    case "multiple_choice":
    case "reasons":
      return "surveyAnswer.required.several";
    case "text":
      return "surveyAnswer.required.text";
    default:
      return "surveyAnswer.required.choice";
  }
}

/**
 * Reads one page's answers. `questions` are the questions shown on that page (see
 * visibleQuestionsOnPage); fields of other questions are ignored. An optional question left blank
 * is simply absent from the answers.
 */
export function parsePageAnswers(questions: Question[], form: FormInput, ctx: AnswerContext): PageAnswersResult {
  const answers: Answers = {};
  const raw: RawAnswers = {};
  const failures: Failure[] = [];
  for (const question of questions) {
    const values = valuesOf(form, fieldName(question.id));
    raw[question.id] = isMultiValued(question) ? values : (values[0] ?? "");
    const parsed = parseOne(question, values, ctx);
    if ("error" in parsed) failures.push({ field: question.id, ...parsed.error });
    else if (parsed.value !== undefined) answers[question.id] = parsed.value;
    else if (question.required) failures.push({ field: question.id, code: requiredCode(question) });
  }
  return failures.length > 0 ? { ok: false, answers: raw, failures } : { ok: true, answers };
}

/** A stored answer as the form would post it: to fill a page with earlier answers. */
export function rawAnswer(value: unknown): string | string[] {
  if (Array.isArray(value)) return value.flatMap(toStrings);
  return toStrings(value)[0] ?? "";
}

/** Stored answers as a page's form values (`q_<id>` → value), e.g. for resuming a survey. */
export function rawAnswers(answers: Record<string, unknown>): RawAnswers {
  const raw: RawAnswers = {};
  for (const [id, value] of Object.entries(answers)) raw[id] = rawAnswer(value);
  return raw;
}

export type AllAnswersResult =
  | { ok: true; answers: Answers }
  | { ok: false; failures: Failure[]; /** 0-based page of the first question in error. */ firstInvalidPage: number };

/**
 * The final check before storing a response. Answers (typically the saved draft, read back from
 * JSON) are checked again question by question against the questions that apply given those very
 * answers; answers to hidden questions and to unknown ids are dropped.
 */
export function validateAllAnswers(definition: SurveyDefinition, answers: Record<string, unknown>, ctx: AnswerContext): AllAnswersResult {
  // Visibility is decided on well-formed answers only: a malformed eNPS opens no follow-up.
  const wellFormed: Answers = {};
  const failures: Failure[] = [];
  for (const question of definition.questions) {
    if (!Object.hasOwn(answers, question.id)) continue;
    const parsed = parseOne(question, toStrings(answers[question.id]), ctx);
    if (!("error" in parsed) && parsed.value !== undefined) wellFormed[question.id] = parsed.value;
  }
  const result: Answers = {};
  for (const question of visibleQuestions(definition, wellFormed)) {
    const form = { [fieldName(question.id)]: answers[question.id] };
    const page = parsePageAnswers([question], form, ctx);
    if (page.ok) Object.assign(result, page.answers);
    else failures.push(...page.failures);
  }
  if (failures.length === 0) return { ok: true, answers: result };
  const firstInvalidPage = Math.min(...failures.map((failure) => pageOfQuestion(definition, failure.field!)));
  return { ok: false, failures, firstInvalidPage };
}

/** The eNPS answer (0–10) of a response, or null when the survey has none or it was not answered. */
export function enpsScore(definition: SurveyDefinition, answers: Record<string, unknown>): number | null {
  const question = definition.questions.find((q) => q.type === "enps");
  if (!question) return null;
  const value = answers[question.id];
  return typeof value === "number" && Number.isInteger(value) && value >= ENPS_MIN && value <= ENPS_MAX ? value : null;
}

export type EnpsCategory = "promoter" | "passive" | "detractor";

/** The usual eNPS bands: 9–10 promoter, 7–8 passive, 0–6 detractor. */
export function enpsCategory(score: number): EnpsCategory {
  if (score >= 9) return "promoter";
  if (score >= 7) return "passive";
  return "detractor";
}
