import { z } from "zod";
import { SUPPORTED_LOCALES } from "~/modules/i18n/config";
import { isCalendarDay } from "~/utils/calendar-days";
import { DEPARTURE_STATUSES, DEPARTURE_TYPES, TASK_ANCHORS, TASK_CATEGORIES } from "./types";
import type { Translate } from "~/modules/i18n/translator";

/**
 * One definition of a departure's fields, used by the HR form, the JSON API and the CSV import, so
 * that all three accept and refuse the same things with the same messages. Each schema takes a
 * translate function of the `offboarding` namespace (`translator(locale, "offboarding")`). Checks the
 * domain also makes (the department, the order of the dates) read their message from its failure
 * code (`failures:departure.…`), so that each sentence is written once.
 */

export const EMAIL_MAX = 254;
export const NAME_MAX = 200;
export const TEXT_MAX = 200;
export const LONG_TEXT_MAX = 2000;
export const EXTERNAL_ID_MAX = 100;

/** PostgreSQL cannot store the NUL character in text: refuse it here rather than fail on insert. */
const hasNoNul = (value: string) => !value.includes("\u0000");

function requiredText(t: Translate, field: string, max = TEXT_MAX) {
  return z
    .string({ error: t("validation.required", { field: t(`fields.${field}`) }) })
    .trim()
    .min(1, { error: t("validation.required", { field: t(`fields.${field}`) }), abort: true })
    .max(max, { error: t("validation.textTooLong", { max }) })
    .refine(hasNoNul, { error: t("validation.controlCharacter") });
}

function optionalText(t: Translate, max = TEXT_MAX) {
  return z
    .string()
    .trim()
    .max(max, { error: t("validation.textTooLong", { max }) })
    .refine(hasNoNul, { error: t("validation.controlCharacter") })
    .optional()
    .transform((value) => (value ? value : undefined));
}

export function emailSchema(t: Translate, field = "employeeEmail") {
  return z
    .string({ error: t("validation.required", { field: t(`fields.${field}`) }) })
    .trim()
    .min(1, { error: t("validation.required", { field: t(`fields.${field}`) }), abort: true })
    .max(EMAIL_MAX, { error: t("validation.emailTooLong", { max: EMAIL_MAX }), abort: true })
    .pipe(z.email({ error: t("validation.emailInvalid") }));
}

function optionalEmail(t: Translate) {
  return z
    .string()
    .trim()
    .max(EMAIL_MAX, { error: t("validation.emailTooLong", { max: EMAIL_MAX }), abort: true })
    .pipe(z.union([z.literal(""), z.email({ error: t("validation.emailInvalid") })]))
    .optional()
    .transform((value) => (value ? value : undefined));
}

export function calendarDaySchema(t: Translate) {
  return z
    .string({ error: t("validation.dateInvalid") })
    .trim()
    // abort: an impossible date must not also be compared with the other dates.
    .refine(isCalendarDay, { error: t("validation.dateInvalid"), abort: true });
}

function optionalDay(t: Translate) {
  return z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || isCalendarDay(value), { error: t("validation.dateInvalid"), abort: true });
}

/** optionalDay that also takes null: "no date", whose meaning the schema using it says. */
function nullableDay(t: Translate) {
  return z
    .string({ error: t("validation.dateInvalid") })
    .trim()
    .nullable()
    .optional()
    .transform((value) => (value === "" ? undefined : value))
    .refine((value) => value === undefined || value === null || isCalendarDay(value), { error: t("validation.dateInvalid"), abort: true });
}

/** Optional yes/no from JSON (booleans) or forms and CSV files ("yes", "no", "true", "1", "on"…). */
function optionalFlag(t: Translate) {
  return z
    .union([z.boolean(), z.string()])
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || typeof value === "boolean") return value;
      const normalised = value.trim().toLowerCase();
      if (normalised === "") return undefined;
      if (["yes", "y", "true", "1", "on", "oui"].includes(normalised)) return true;
      if (["no", "n", "false", "0", "off", "non"].includes(normalised)) return false;
      ctx.addIssue({ code: "custom", message: t("validation.flagInvalid") });
      return z.NEVER;
    });
}

/**
 * The language the leaver's account, emails and exit flow use. Not given: a new account starts in the
 * company's language (COMPANY_LOCALE) and an existing one keeps its own.
 */
export function languageSchema(t: Translate) {
  return z.enum(SUPPORTED_LOCALES, { error: t("validation.languageInvalid") });
}

/**
 * A departure as HR, the API or a CSV row describes it (camelCase). The department is given by id
 * (the form's list) or by name (API, CSV: an unknown name creates a department to review).
 */
export function departureInputSchema(t: Translate) {
  return z
    .object({
      employeeEmail: emailSchema(t, "employeeEmail"),
      employeeName: requiredText(t, "employeeName", NAME_MAX),
      departmentId: z.uuid({ error: t("failures:departure.departmentMissing") }).optional(),
      departmentName: optionalText(t, TEXT_MAX),
      jobTitle: optionalText(t),
      managerEmail: optionalEmail(t),
      personalEmail: optionalEmail(t),
      location: optionalText(t),
      hireDate: optionalDay(t),
      noticeDate: optionalDay(t),
      lastDay: calendarDaySchema(t),
      terminationDate: optionalDay(t),
      type: z.enum(DEPARTURE_TYPES, { error: t("validation.typeInvalid") }).default("voluntary"),
      reasonCode: optionalText(t, 100),
      regrettable: optionalFlag(t),
      eligibleForRehire: optionalFlag(t),
      externalId: optionalText(t, EXTERNAL_ID_MAX),
      language: languageSchema(t).optional(),
    })
    .superRefine((value, ctx) => {
      if (!value.departmentId && !value.departmentName) {
        ctx.addIssue({ code: "custom", path: ["departmentName"], message: t("failures:departure.departmentMissing") });
      }
      checkDateOrder(t, value, ctx);
    });
}

export type DepartureInput = z.output<ReturnType<typeof departureInputSchema>>;

interface Dated {
  hireDate?: string;
  noticeDate?: string;
  lastDay?: string;
  terminationDate?: string;
}

/** Notice ≤ last day ≤ termination, hire ≤ last day: each error on the later field, with the date. */
export function checkDateOrder(t: Translate, value: Dated, ctx: z.RefinementCtx) {
  if (value.noticeDate && value.lastDay && value.lastDay < value.noticeDate) {
    ctx.addIssue({ code: "custom", path: ["lastDay"], message: t("failures:departure.lastDayBeforeNotice", { notice: value.noticeDate }) });
  }
  if (value.lastDay && value.terminationDate && value.terminationDate < value.lastDay) {
    ctx.addIssue({
      code: "custom",
      path: ["terminationDate"],
      message: t("failures:departure.terminationBeforeLastDay", { lastDay: value.lastDay }),
    });
  }
  if (value.hireDate && value.lastDay && value.hireDate > value.lastDay) {
    ctx.addIssue({ code: "custom", path: ["hireDate"], message: t("validation.hireAfterLastDay", { date: value.lastDay }) });
  }
}

/**
 * A change to an existing departure: dates and status (the API's PATCH, the HR edit form). A
 * termination date of null goes back to following the last day; left out, it stays as it is.
 */
export function departureUpdateSchema(t: Translate) {
  return z
    .object({
      noticeDate: optionalDay(t),
      lastDay: optionalDay(t),
      terminationDate: nullableDay(t),
      status: z.enum(DEPARTURE_STATUSES, { error: t("validation.statusInvalid") }).optional(),
    })
    .strict();
}

export type DepartureUpdate = Partial<z.output<ReturnType<typeof departureUpdateSchema>>>;

function description(t: Translate) {
  return z
    .string()
    .trim()
    .max(LONG_TEXT_MAX, { error: t("validation.textTooLong", { max: LONG_TEXT_MAX }) })
    .refine(hasNoNul, { error: t("validation.controlCharacter") })
    .default("");
}

/**
 * A task definition (a template's line, or a task added to one departure by hand). Its title and
 * description exist in English and in French, like departure reasons and survey questions: the
 * title is required in both, the description is optional but never in one language only.
 */
export function taskDefinitionSchema(t: Translate) {
  return z
    .object({
      titleEn: requiredText(t, "titleEn"),
      titleFr: requiredText(t, "titleFr"),
      descriptionEn: description(t),
      descriptionFr: description(t),
      category: z.enum(TASK_CATEGORIES, { error: t("validation.categoryInvalid") }),
      ownerUserId: z.uuid({ error: t("validation.idInvalid") }).optional().or(z.literal("").transform(() => undefined)),
      ownerTeamId: z.uuid({ error: t("validation.idInvalid") }).optional().or(z.literal("").transform(() => undefined)),
      anchor: z.enum(TASK_ANCHORS, { error: t("validation.anchorInvalid") }),
      offsetBusinessDays: z.coerce
        .number({ error: t("validation.offsetInvalid") })
        .int({ error: t("validation.offsetInvalid") })
        .min(-260, { error: t("validation.offsetInvalid") })
        .max(260, { error: t("validation.offsetInvalid") }),
      beforeLastDay: optionalFlag(t).transform((value) => value ?? false),
    })
    .superRefine((value, ctx) => {
      if (Boolean(value.ownerUserId) === Boolean(value.ownerTeamId)) {
        ctx.addIssue({ code: "custom", path: ["ownerUserId"], message: t("validation.ownerMissing") });
      }
      if (value.descriptionEn && !value.descriptionFr) {
        ctx.addIssue({ code: "custom", path: ["descriptionFr"], message: t("validation.pair", { field: t("fields.descriptionFr") }) });
      }
      if (value.descriptionFr && !value.descriptionEn) {
        ctx.addIssue({ code: "custom", path: ["descriptionEn"], message: t("validation.pair", { field: t("fields.descriptionEn") }) });
      }
    });
}

export type TaskDefinition = z.output<ReturnType<typeof taskDefinitionSchema>>;
