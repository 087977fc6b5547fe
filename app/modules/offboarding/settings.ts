import { z } from "zod";
import { isCalendarDay } from "~/utils/calendar-days";
import { DEPARTURE_TYPES, type DepartureType, type TaskAnchor } from "./types";
import type { Translate } from "~/modules/i18n/translator";

/**
 * HR's offboarding settings (templates, departments, reasons, holidays, teams): the form schemas,
 * shared by the browser (conform validates as HR types) and the actions (the real check), and the
 * pure helpers that put rules and conditions into words. Every schema takes a translate function of
 * the `settings` namespace; task lines use `taskDefinitionSchema` from ./schemas (offboarding).
 */

export const SETTINGS_NAME_MAX = 100;
export const SETTINGS_DESCRIPTION_MAX = 2000;
export const LOCATIONS_TEXT_MAX = 1000;
export const REASON_CODE_MAX = 50;
/** What the API and CSV files send as `reason`: stable, ASCII, no spaces. */
export const REASON_CODE_PATTERN = /^[a-z0-9_]+$/;

/** "Paris,  lyon , ,Paris" → ["Paris", "lyon"]: trimmed, spaces collapsed, duplicates (any case) dropped. */
export function normaliseLocations(text: string | undefined | null): string[] {
  const seen = new Set<string>();
  const locations: string[] = [];
  for (const part of (text ?? "").split(",")) {
    const location = part.trim().replace(/\s+/g, " ");
    const key = location.toLowerCase();
    if (location && !seen.has(key)) {
      seen.add(key);
      locations.push(location);
    }
  }
  return locations;
}

function nameField(t: Translate, field: string, max = SETTINGS_NAME_MAX) {
  return z
    .string({ error: t("validation.required", { field: t(`fieldNames.${field}`) }) })
    .trim()
    .min(1, { error: t("validation.required", { field: t(`fieldNames.${field}`) }), abort: true })
    .max(max, { error: t("validation.tooLong", { max }) })
    .transform((value) => value.replace(/\s+/g, " "));
}

function idField(t: Translate, field: string) {
  return z.uuid({ error: t("validation.choose", { field: t(`fieldNames.${field}`) }) });
}

function descriptionField(t: Translate) {
  return z
    .string()
    .trim()
    .max(SETTINGS_DESCRIPTION_MAX, { error: t("validation.tooLong", { max: SETTINGS_DESCRIPTION_MAX }) })
    .optional()
    .transform((value) => (value ?? "").replaceAll("\u0000", ""));
}

/**
 * A checklist template's own fields and conditions (its tasks are edited one by one). The name is
 * required in English and French, like a reason's labels; the description is optional, but never
 * in one language only.
 */
export function templateFormSchema(t: Translate) {
  return z
    .object({
      nameEn: nameField(t, "templateNameEn"),
      nameFr: nameField(t, "templateNameFr"),
      descriptionEn: descriptionField(t),
      descriptionFr: descriptionField(t),
      active: z.boolean().optional().transform((value) => value ?? false),
      departureTypes: z
        .array(z.enum(DEPARTURE_TYPES, { error: t("validation.typeInvalid") }))
        .optional()
        .transform((value) => [...new Set(value ?? [])]),
      // Empty: any department.
      departmentId: z.uuid({ error: t("validation.departmentInvalid") }).optional(),
      locations: z
        .string()
        .max(LOCATIONS_TEXT_MAX, { error: t("validation.tooLong", { max: LOCATIONS_TEXT_MAX }) })
        .optional()
        .transform(normaliseLocations),
    })
    .superRefine((value, ctx) => {
      if (value.descriptionEn && !value.descriptionFr) {
        ctx.addIssue({ code: "custom", path: ["descriptionFr"], message: t("validation.pair", { field: t("fieldNames.templateDescriptionFr") }) });
      }
      if (value.descriptionFr && !value.descriptionEn) {
        ctx.addIssue({ code: "custom", path: ["descriptionEn"], message: t("validation.pair", { field: t("fieldNames.templateDescriptionEn") }) });
      }
    });
}
export type TemplateFormInput = z.output<ReturnType<typeof templateFormSchema>>;

export function departmentCreateSchema(t: Translate) {
  return z.object({ name: nameField(t, "departmentName"), parentId: idField(t, "parent") });
}
export function departmentRenameSchema(t: Translate) {
  return z.object({ name: nameField(t, "departmentName") });
}
export function departmentMoveSchema(t: Translate) {
  return z.object({ parentId: idField(t, "parent") });
}

export function reasonCreateSchema(t: Translate) {
  return z.object({
    code: z
      .string({ error: t("validation.required", { field: t("fieldNames.code") }) })
      .trim()
      .min(1, { error: t("validation.required", { field: t("fieldNames.code") }), abort: true })
      .max(REASON_CODE_MAX, { error: t("validation.tooLong", { max: REASON_CODE_MAX }), abort: true })
      .regex(REASON_CODE_PATTERN, { error: t("validation.codeFormat") }),
    labelEn: nameField(t, "labelEn"),
    labelFr: nameField(t, "labelFr"),
  });
}
export function reasonLabelsSchema(t: Translate) {
  return z.object({ labelEn: nameField(t, "labelEn"), labelFr: nameField(t, "labelFr") });
}

export function holidaySchema(t: Translate) {
  return z.object({
    day: z
      .string({ error: t("validation.dateInvalid") })
      .trim()
      .refine(isCalendarDay, { error: t("validation.dateInvalid") }),
    name: nameField(t, "holidayName"),
  });
}

export function teamNameSchema(t: Translate) {
  return z.object({ name: nameField(t, "teamName") });
}
export function teamMemberSchema(t: Translate) {
  return z.object({ userId: idField(t, "member") });
}

export interface RuleParts {
  anchor: TaskAnchor;
  offset_business_days: number;
  before_last_day?: boolean;
}

/** "3 business days before the last day", "On the notice date", "1 business day after the termination date". */
export function ruleInWords(task: RuleParts, t: Translate): string {
  const offset = task.offset_business_days;
  if (offset === 0) return t(`rules.on.${task.anchor}`);
  const anchor = t(`rules.anchor.${task.anchor}`);
  return offset < 0 ? t("rules.before", { count: -offset, anchor }) : t("rules.after", { count: offset, anchor });
}

export interface ConditionParts {
  departure_types: readonly DepartureType[];
  /** The department condition's readable path ("Acme / Engineering"), or null for any. */
  departmentPath: string | null;
  locations: readonly string[];
}

/**
 * "Type: Voluntary or Retirement · Department: Acme / Engineering and below · Location: Paris or Lyon",
 * or "Every departure" when the template sets no condition.
 */
export function conditionsInWords(conditions: ConditionParts, t: Translate): string {
  const parts: string[] = [];
  if (conditions.departure_types.length > 0) {
    parts.push(t("conditions.types", { types: joinWithOr(conditions.departure_types.map((type) => t(`types.${type}`)), t) }));
  }
  if (conditions.departmentPath) parts.push(t("conditions.department", { department: conditions.departmentPath }));
  if (conditions.locations.length > 0) parts.push(t("conditions.locations", { locations: joinWithOr([...conditions.locations], t) }));
  return parts.length === 0 ? t("conditions.every") : parts.join(" · ");
}

function joinWithOr(items: string[], t: Translate): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${t("conditions.or")} ${items[items.length - 1]}`;
}
