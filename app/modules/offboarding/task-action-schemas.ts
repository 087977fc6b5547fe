import { z } from "zod";
import type { Translate } from "~/modules/i18n/translator";
import { isUuid, uuidSchema } from "~/utils/ids";

/**
 * What a task owner may submit about a task: complete it, mark it not applicable, reassign it, or
 * complete several at once. One schema per form, used by conform in the browser and again by the
 * task-actions module (so that every caller, not only the inbox, gets the same checks). Every
 * schema takes a translate function of the `tasks` namespace (`translator(locale, "tasks")`).
 */

export const NOTE_MAX = 2000;
export const REASON_MAX = 2000;
export const URL_MAX = 2000;
/** As many tasks as the inbox shows at most. */
export const BULK_MAX = 500;

function taskIdSchema(t: Translate) {
  return uuidSchema(t("validation.taskMissing"));
}

function optionalLongText(t: Translate, max: number) {
  return z
    .string()
    .trim()
    .max(max, { error: t("validation.tooLong", { max }) })
    .optional()
    .transform((value) => (value ? value : undefined));
}

/** An http(s) link to a ticket, a receipt or a photo; anything else (javascript:, ftp:, a bare word) is refused. */
function optionalEvidenceUrl(t: Translate) {
  return z
    .string()
    .trim()
    .max(URL_MAX, { error: t("validation.tooLong", { max: URL_MAX }), abort: true })
    .pipe(z.union([z.literal(""), z.url({ protocol: /^https?$/, error: t("validation.evidenceUrl") })]))
    .optional()
    .transform((value) => (value ? value : undefined));
}

export function completeTaskSchema(t: Translate) {
  return z.object({
    taskId: taskIdSchema(t),
    note: optionalLongText(t, NOTE_MAX),
    evidenceUrl: optionalEvidenceUrl(t),
  });
}

export function notApplicableSchema(t: Translate) {
  return z.object({
    taskId: taskIdSchema(t),
    reason: z
      .string({ error: t("validation.reasonRequired") })
      .trim()
      .min(1, { error: t("validation.reasonRequired"), abort: true })
      .max(REASON_MAX, { error: t("validation.tooLong", { max: REASON_MAX }) }),
  });
}

/** A reassignment target as the form's one select sends it: "user:<id>" or "team:<id>". */
export type Assignee = { kind: "user" | "team"; id: string };

export function parseAssignee(value: string): Assignee | undefined {
  const match = /^(user|team):(.+)$/.exec(value);
  if (!match || !isUuid(match[2])) return undefined;
  return { kind: match[1] as Assignee["kind"], id: match[2]!.toLowerCase() };
}

export function reassignTaskSchema(t: Translate) {
  return z.object({
    taskId: taskIdSchema(t),
    assignee: z
      .string({ error: t("validation.assigneeRequired") })
      .refine((value) => parseAssignee(value) !== undefined, { error: t("validation.assigneeRequired") }),
  });
}

export function bulkCompleteSchema(t: Translate) {
  return z.object({
    taskIds: z
      .array(taskIdSchema(t), { error: t("validation.selectTasks") })
      .min(1, { error: t("validation.selectTasks") })
      .max(BULK_MAX, { error: t("validation.tooManyTasks", { max: BULK_MAX }) }),
    note: optionalLongText(t, NOTE_MAX),
  });
}

export type CompleteTaskInput = z.input<ReturnType<typeof completeTaskSchema>>;
export type NotApplicableInput = z.input<ReturnType<typeof notApplicableSchema>>;
export type ReassignTaskInput = z.input<ReturnType<typeof reassignTaskSchema>>;
export type BulkCompleteInput = z.input<ReturnType<typeof bulkCompleteSchema>>;

export const REMINDER_HOURS = Array.from({ length: 24 }, (_, hour) => hour);

export function reminderPreferencesSchema(t: Translate) {
  return z.object({
    reminderHour: z.coerce
      .number({ error: t("validation.hourInvalid") })
      .int({ error: t("validation.hourInvalid") })
      .min(0, { error: t("validation.hourInvalid") })
      .max(23, { error: t("validation.hourInvalid") }),
    locale: z.enum(["en", "fr"], { error: t("validation.localeInvalid") }),
  });
}
