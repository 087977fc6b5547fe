import { z } from "zod";
import {
  CONFIDENTIALITY_MODES,
  HELP_MAX,
  OPTION_LABEL_MAX,
  PROMPT_MAX,
  QUESTION_ID_PATTERN,
  QUESTION_TYPES,
  SURVEY_KINDS,
  TEXT_MAX_LENGTH_LIMIT,
  type ChoiceOption,
  type Question,
  type QuestionCondition,
  type QuestionType,
  type SurveyDefinition,
} from "./definition";
import { ENPS_MAX, ENPS_MIN, NO, RATING_MAX, RATING_MIN, YES } from "./answers";
import type { Translate } from "~/modules/i18n/translator";
import type { Failure } from "~/utils/failures";

/**
 * HR's survey builder, the pure part: the form schemas (shared by the browser and the actions) and
 * the rules a survey must follow, stated as coded failures (ADR 013). Every schema takes a translate
 * function of the `surveys` namespace: the schemas are the form edge.
 *
 * The draft is kept structurally sound at every step (a change that would break a condition is
 * refused, naming it); the rules only a finished survey must meet (questions exist, exactly one
 * eNPS in an exit survey) are checked when publishing.
 */

export const SURVEY_NAME_MAX = 100;
export const INTRO_MAX = 1000;
export const INVITE_DAYS_MAX = 90;
export const OPTIONS_MAX = 20;
export const OPTIONS_TEXT_MAX = 20 * (OPTION_LABEL_MAX * 2 + 50);
export const QUESTIONS_MAX = 60;
export const CONDITION_OPERATORS = ["lte", "gte", "eq", "includes"] as const;

const CHOICE_TYPES: readonly QuestionType[] = ["single_choice", "multiple_choice"];

export function hasOptions(type: QuestionType): boolean {
  return CHOICE_TYPES.includes(type);
}

/** Which operators a condition may use on an answer of this type (none for free text). */
export function operatorsFor(type: QuestionType): readonly QuestionCondition["operator"][] {
  switch (type) {
    case "enps":
    case "rating":
      return ["lte", "gte", "eq"];
    case "single_choice":
    case "yes_no":
      return ["eq"];
    case "multiple_choice":
    case "reasons":
      return ["includes"];
    case "text":
      return [];
  }
}

/** "Café & thé!" → "cafe_the": an id HR can read in exports, or "" when nothing usable is left. */
export function slugify(text: string, max = 30): string {
  const slug = text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+/, "")
    .slice(0, max)
    .replace(/_+$/, "");
  return QUESTION_ID_PATTERN.test(slug) ? slug : "";
}

/** A readable id not in `taken`: from the text when possible, otherwise random. */
export function uniqueId(text: string, taken: ReadonlySet<string>, random: () => string = randomSuffix): string {
  const base = slugify(text) || `q_${random()}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 8).replace(/^[^a-z]*/, "") || "x";
}

// ---------------------------------------------------------------------------------------------
// Choice options, edited as lines "id | English | French" (or "English | French" for a new one)

export function optionsToText(options: readonly ChoiceOption[]): string {
  return options.map((o) => `${o.id} | ${o.label.en} | ${o.label.fr}`).join("\n");
}

export type OptionLinesResult = { ok: true; options: ChoiceOption[] } | { ok: false; errors: string[] };

export function parseOptionLines(text: string, t: Translate): OptionLinesResult {
  const lines = text
    .split(/\r\n?|\n/)
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== "");
  const errors: string[] = [];
  const options: ChoiceOption[] = [];
  const taken = new Set<string>();
  // Explicit ids first, so that a generated id never takes one HR wrote on a later line.
  for (const { line } of lines) {
    const parts = line.split("|").map((part) => part.trim());
    if (parts.length === 3 && QUESTION_ID_PATTERN.test(parts[0]!)) taken.add(parts[0]!);
  }
  const seen = new Set<string>();
  for (const { line, number } of lines) {
    const parts = line.split("|").map((part) => part.trim());
    if (parts.length !== 2 && parts.length !== 3) {
      errors.push(t("builder.validation.optionLine", { line: number }));
      continue;
    }
    const [en, fr] = parts.slice(-2) as [string, string];
    let id: string;
    if (parts.length === 3) {
      id = parts[0]!;
      if (!QUESTION_ID_PATTERN.test(id)) {
        errors.push(t("builder.validation.optionId", { line: number, id }));
        continue;
      }
    } else {
      id = uniqueId(en, taken);
      taken.add(id);
    }
    if (!en || !fr) {
      errors.push(t("builder.validation.optionLabels", { line: number }));
      continue;
    }
    if (en.length > OPTION_LABEL_MAX || fr.length > OPTION_LABEL_MAX) {
      errors.push(t("builder.validation.optionTooLong", { line: number, max: OPTION_LABEL_MAX }));
      continue;
    }
    if (seen.has(id)) {
      errors.push(t("builder.validation.optionDuplicate", { line: number, id }));
      continue;
    }
    seen.add(id);
    options.push({ id, label: { en, fr } });
  }
  if (errors.length === 0 && options.length > OPTIONS_MAX) errors.push(t("builder.validation.optionsTooMany", { max: OPTIONS_MAX }));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, options };
}

// ---------------------------------------------------------------------------------------------
// Form schemas

function requiredText(t: Translate, field: string, max: number) {
  const required = t("builder.validation.required", { field: t(`builder.fields.${field}`) });
  return z
    .string({ error: required })
    .trim()
    .min(1, { error: required, abort: true })
    .max(max, { error: t("builder.validation.tooLong", { max }) })
    .transform((value) => value.replaceAll("\u0000", ""));
}

function optionalText(t: Translate, max: number) {
  return z
    .string()
    .trim()
    .max(max, { error: t("builder.validation.tooLong", { max }) })
    .optional()
    .transform((value) => value?.replaceAll("\u0000", "") || undefined);
}

/** English and French go together: one without the other is refused on the missing one. */
function pairIssue(
  value: { en?: string; fr?: string },
  paths: [string, string],
  t: Translate,
  ctx: z.RefinementCtx,
  fieldKeys: [string, string],
) {
  if (value.en && !value.fr) ctx.addIssue({ code: "custom", path: [paths[1]], message: t("builder.validation.pair", { field: t(`builder.fields.${fieldKeys[1]}`) }) });
  if (value.fr && !value.en) ctx.addIssue({ code: "custom", path: [paths[0]], message: t("builder.validation.pair", { field: t(`builder.fields.${fieldKeys[0]}`) }) });
}

/** A survey's name, required in English and in French like its questions. */
function nameField(t: Translate, field: "nameEn" | "nameFr") {
  return requiredText(t, field, SURVEY_NAME_MAX).transform((value) => value.replace(/\s+/g, " "));
}

function confidentialityField(t: Translate) {
  return z.enum(CONFIDENTIALITY_MODES, { error: t("builder.validation.confidentiality") });
}

export function surveyCreateSchema(t: Translate) {
  return z.object({
    kind: z.enum(SURVEY_KINDS, { error: t("builder.validation.kind") }),
    nameEn: nameField(t, "nameEn"),
    nameFr: nameField(t, "nameFr"),
    confidentiality: confidentialityField(t),
  });
}
export type SurveyCreateInput = z.output<ReturnType<typeof surveyCreateSchema>>;

export function surveySettingsSchema(t: Translate) {
  return z
    .object({
      nameEn: nameField(t, "nameEn"),
      nameFr: nameField(t, "nameFr"),
      confidentiality: confidentialityField(t),
      // Empty: invite as soon as the departure is recorded. Ignored for pulse surveys.
      inviteDaysBeforeLastDay: z
        .number({ error: t("builder.validation.inviteDays", { max: INVITE_DAYS_MAX }) })
        .int({ error: t("builder.validation.inviteDays", { max: INVITE_DAYS_MAX }) })
        .min(0, { error: t("builder.validation.inviteDays", { max: INVITE_DAYS_MAX }) })
        .max(INVITE_DAYS_MAX, { error: t("builder.validation.inviteDays", { max: INVITE_DAYS_MAX }) })
        .optional(),
      introEn: optionalText(t, INTRO_MAX),
      introFr: optionalText(t, INTRO_MAX),
    })
    .superRefine((value, ctx) => pairIssue({ en: value.introEn, fr: value.introFr }, ["introEn", "introFr"], t, ctx, ["introEn", "introFr"]))
    .transform((value) => ({
      nameEn: value.nameEn,
      nameFr: value.nameFr,
      confidentiality: value.confidentiality,
      inviteDaysBeforeLastDay: value.inviteDaysBeforeLastDay ?? null,
      intro: value.introEn && value.introFr ? { en: value.introEn, fr: value.introFr } : null,
    }));
}
export type SurveySettingsInput = z.output<ReturnType<typeof surveySettingsSchema>>;

export interface QuestionFormContext {
  /** The questions before this one in the draft: the only ones a condition may refer to. */
  earlier: readonly Question[];
  /** Configured departure reason codes, for a condition on a reasons question. */
  reasonCodes: readonly string[];
}

/** What the question form yields; the id is kept (edit) or generated (add) by the module. */
export type QuestionInput = Omit<Question, "id">;

/** "6" → 6 for a score, "yes" → true for yes/no, the id for a choice; undefined when it cannot fit. */
export function conditionValueFor(source: Question, raw: string, reasonCodes: readonly string[]): QuestionCondition["value"] | undefined {
  const value = raw.trim();
  switch (source.type) {
    case "enps":
    case "rating": {
      const [min, max] = source.type === "enps" ? [ENPS_MIN, ENPS_MAX] : [RATING_MIN, RATING_MAX];
      if (!/^\d{1,2}$/.test(value)) return undefined;
      const number = Number(value);
      return number >= min && number <= max ? number : undefined;
    }
    case "yes_no":
      return value === YES ? true : value === NO ? false : undefined;
    case "single_choice":
    case "multiple_choice":
      return source.options.some((o) => o.id === value) ? value : undefined;
    case "reasons":
      return reasonCodes.includes(value) ? value : undefined;
    case "text":
      return undefined;
  }
}

/** The condition value as the form shows it. */
export function conditionValueText(value: QuestionCondition["value"]): string {
  return typeof value === "boolean" ? (value ? YES : NO) : String(value);
}

function conditionValueHint(source: Question, t: Translate): string {
  switch (source.type) {
    case "enps":
      return t("builder.validation.conditionScore", { min: ENPS_MIN, max: ENPS_MAX });
    case "rating":
      return t("builder.validation.conditionScore", { min: RATING_MIN, max: RATING_MAX });
    case "yes_no":
      return t("builder.validation.conditionYesNo");
    case "reasons":
      return t("builder.validation.conditionReason");
    default:
      return t("builder.validation.conditionOption", { ids: source.options.map((o) => o.id).join(", ") });
  }
}

/**
 * The question form. Options are read for choice types only, the maximum length for text only; a
 * condition must name an earlier question whose type can be compared, with a value its answers can take.
 */
export function questionFormSchema(t: Translate, context: QuestionFormContext) {
  return z
    .object({
      type: z.enum(QUESTION_TYPES, { error: t("builder.validation.type") }),
      promptEn: requiredText(t, "promptEn", PROMPT_MAX),
      promptFr: requiredText(t, "promptFr", PROMPT_MAX),
      helpEn: optionalText(t, HELP_MAX),
      helpFr: optionalText(t, HELP_MAX),
      required: z.boolean().optional().transform((value) => value ?? false),
      options: z.string().max(OPTIONS_TEXT_MAX, { error: t("builder.validation.tooLong", { max: OPTIONS_TEXT_MAX }) }).optional(),
      maxLength: z
        .number({ error: t("builder.validation.maxLength", { max: TEXT_MAX_LENGTH_LIMIT }) })
        .int({ error: t("builder.validation.maxLength", { max: TEXT_MAX_LENGTH_LIMIT }) })
        .min(1, { error: t("builder.validation.maxLength", { max: TEXT_MAX_LENGTH_LIMIT }) })
        .max(TEXT_MAX_LENGTH_LIMIT, { error: t("builder.validation.maxLength", { max: TEXT_MAX_LENGTH_LIMIT }) })
        .optional(),
      conditionQuestionId: z.string().max(100).optional(),
      conditionOperator: z.enum(CONDITION_OPERATORS, { error: t("builder.validation.conditionOperator") }).optional(),
      conditionValue: z.string().max(100, { error: t("builder.validation.tooLong", { max: 100 }) }).optional(),
    })
    .superRefine((value, ctx) => {
      pairIssue({ en: value.helpEn, fr: value.helpFr }, ["helpEn", "helpFr"], t, ctx, ["helpEn", "helpFr"]);
      if (hasOptions(value.type)) {
        const parsed = parseOptionLines(value.options ?? "", t);
        if (!parsed.ok) for (const message of parsed.errors) ctx.addIssue({ code: "custom", path: ["options"], message });
        else if (parsed.options.length < 2) ctx.addIssue({ code: "custom", path: ["options"], message: t("builder.validation.optionsMissing") });
      }
      if (!value.conditionQuestionId) return;
      const source = context.earlier.find((q) => q.id === value.conditionQuestionId);
      if (!source) {
        ctx.addIssue({ code: "custom", path: ["conditionQuestionId"], message: t("builder.validation.conditionEarlier") });
        return;
      }
      const operators = operatorsFor(source.type);
      if (operators.length === 0) {
        ctx.addIssue({ code: "custom", path: ["conditionQuestionId"], message: t("builder.validation.conditionText") });
        return;
      }
      if (!value.conditionOperator || !operators.includes(value.conditionOperator)) {
        ctx.addIssue({
          code: "custom",
          path: ["conditionOperator"],
          message: t("builder.validation.conditionOperatorFor", { operators: operators.map((o) => t(`builder.operators.${o}`)).join(", ") }),
        });
      }
      if (conditionValueFor(source, value.conditionValue ?? "", context.reasonCodes) === undefined) {
        ctx.addIssue({ code: "custom", path: ["conditionValue"], message: conditionValueHint(source, t) });
      }
    })
    .transform((value): QuestionInput => {
      const source = value.conditionQuestionId ? context.earlier.find((q) => q.id === value.conditionQuestionId) : undefined;
      const parsedOptions = hasOptions(value.type) ? parseOptionLines(value.options ?? "", t) : null;
      return {
        type: value.type,
        prompt: { en: value.promptEn, fr: value.promptFr },
        help: value.helpEn && value.helpFr ? { en: value.helpEn, fr: value.helpFr } : null,
        required: value.required,
        options: parsedOptions?.ok ? parsedOptions.options : [],
        maxLength: value.type === "text" ? (value.maxLength ?? null) : null,
        condition:
          source && value.conditionOperator
            ? { questionId: source.id, operator: value.conditionOperator, value: conditionValueFor(source, value.conditionValue ?? "", context.reasonCodes)! }
            : null,
      };
    });
}

// ---------------------------------------------------------------------------------------------
// The rules of a survey

export interface ProblemOptions {
  kind: "exit" | "pulse";
  reasonCodes: readonly string[];
  /** Also check what only a survey ready for leavers must meet. */
  publishing: boolean;
}

/**
 * A question as a failure names it (ADR 013): its prompt in each language, shortened, so each
 * locale's message quotes the prompt in its own language. Not its number: a refused move would
 * otherwise name positions from an order that was never saved. The id travels too, to tell problems
 * apart when only a prompt changed.
 */
export function questionValues(question: Pick<Question, "id" | "prompt">, as: "question" | "source"): Record<string, string> {
  return { [`${as}Id`]: question.id, [`${as}En`]: shortPrompt(question.prompt.en), [`${as}Fr`]: shortPrompt(question.prompt.fr) };
}

function shortPrompt(prompt: string): string {
  return prompt.length > 90 ? `${prompt.slice(0, 89)}…` : prompt;
}

/** Everything wrong with a definition, in question order, as coded failures; empty when it is sound. */
export function definitionProblems(definition: SurveyDefinition, options: ProblemOptions): Failure[] {
  const problems: Failure[] = [];
  const questions = definition.questions;
  if (options.publishing) {
    if (questions.length === 0) problems.push({ code: "survey.noQuestions" });
    const enps = questions.filter((q) => q.type === "enps").length;
    if ((options.kind === "exit" && enps !== 1) || (options.kind === "pulse" && enps > 1)) {
      problems.push(enps === 0 ? { code: "survey.enpsMissing" } : { code: "survey.enpsTooMany", values: { count: enps } });
    }
  }
  if (questions.length > QUESTIONS_MAX) problems.push({ code: "survey.tooManyQuestions", values: { max: QUESTIONS_MAX } });
  const seen = new Map<string, Question>();
  for (const question of questions) {
    const values = questionValues(question, "question");
    if (seen.has(question.id)) problems.push({ code: "survey.duplicateId", values });
    if (options.kind === "pulse" && question.type === "reasons") problems.push({ code: "survey.reasonsInPulse", values });
    if (hasOptions(question.type) && question.options.length < 2) problems.push({ code: "survey.optionsMissing", values });
    const condition = question.condition;
    if (condition) {
      const source = seen.get(condition.questionId);
      const later = definition.questions.find((q) => q.id === condition.questionId);
      if (!source) {
        problems.push(
          later
            ? { code: "survey.conditionNotEarlier", values: { ...values, ...questionValues(later, "source") } }
            : { code: "survey.conditionMissing", values: { ...values, sourceId: condition.questionId } },
        );
      } else {
        const both = { ...values, ...questionValues(source, "source") };
        if (operatorsFor(source.type).length === 0) problems.push({ code: "survey.conditionSourceType", values: both });
        else if (!operatorsFor(source.type).includes(condition.operator)) problems.push({ code: "survey.conditionOperator", values: both });
        else if (conditionValueFor(source, conditionValueText(condition.value), options.reasonCodes) === undefined) {
          problems.push({ code: "survey.conditionValue", values: both });
        }
      }
    }
    seen.set(question.id, question);
  }
  return problems;
}

/**
 * A question as HR sees it in a sentence the page writes (a condition in words): its prompt in quotes.
 */
export function questionLabel(definition: SurveyDefinition, questionId: string, locale: "en" | "fr", t: Translate): string {
  const question = definition.questions.find((q) => q.id === questionId);
  if (!question) return t("builder.problems.unknownQuestion", { id: questionId });
  return t("builder.problems.questionLabel", { prompt: shortPrompt(question.prompt[locale]) });
}

/**
 * Problems the change introduced (present after, not before): what a draft edit is refused for.
 * Compared by code and the questions concerned, not their prompts: rewording a question does not
 * make a problem it already had new.
 */
export function newProblems(before: readonly Failure[], after: readonly Failure[]): Failure[] {
  const identity = (p: Failure) => JSON.stringify([p.code, p.values?.questionId, p.values?.sourceId, p.values?.count, p.values?.max]);
  const known = new Set(before.map(identity));
  return after.filter((p) => !known.has(identity(p)));
}

/** Whether two definitions say the same thing (key order aside): "unpublished changes". */
export function sameDefinition(a: SurveyDefinition, b: SurveyDefinition): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    nested && typeof nested === "object" && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)))
      : nested,
  );
}

/** "Shown when question 7 is 6 or less" — the condition in HR's words. */
export function conditionInWords(condition: QuestionCondition, definition: SurveyDefinition, locale: "en" | "fr", t: Translate, reasonLabels: Record<string, string> = {}): string {
  const source = definition.questions.find((q) => q.id === condition.questionId);
  const question = questionLabel(definition, condition.questionId, locale, t);
  let value = conditionValueText(condition.value);
  if (typeof condition.value === "boolean") value = t(condition.value ? "scale.yes" : "scale.no");
  else if (source && hasOptions(source.type)) value = source.options.find((o) => o.id === condition.value)?.label[locale] ?? value;
  else if (source?.type === "reasons") value = reasonLabels[String(condition.value)] ?? value;
  return t(`builder.conditionWords.${condition.operator}`, { question, value });
}
