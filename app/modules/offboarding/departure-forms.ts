import { z } from "zod";
import type { Translate } from "~/modules/i18n/translator";
import type { CalendarDay } from "~/utils/calendar-days";
import { isConfirmed, unusualDates, type DateWindow, type UnusualDate } from "./date-window";
import { departureInputSchema, departureUpdateSchema, taskDefinitionSchema, type DepartureUpdate, type TaskDefinition } from "./schemas";
import { OVERDUE_TASK_CHOICES } from "./types";

/**
 * The schemas of HR's departure-page forms, shared by the browser (conform) and the actions, so
 * that both accept and refuse the same input with the same messages. They wrap the domain schemas
 * of schemas.ts and only adapt what an HTML form sends.
 */

export const DEPARTURE_PAGE_INTENTS = ["update", "cancel", "addTask", "editTask", "removeTask", "personalEmail"] as const;
export type DeparturePageIntent = (typeof DEPARTURE_PAGE_INTENTS)[number];

/** An owner select's value: "team:<id>" or "user:<id>" (one control for "a person or a team"). */
export function ownerValue(owner: { kind: "user" | "team"; id: string } | null | undefined): string {
  return owner ? `${owner.kind}:${owner.id}` : "";
}

function splitOwner(raw: unknown): unknown {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const { owner, ...rest } = raw as Record<string, unknown>;
  const match = typeof owner === "string" ? /^(user|team):(.*)$/.exec(owner) : null;
  return {
    ...rest,
    ownerUserId: match?.[1] === "user" ? match[2] : undefined,
    ownerTeamId: match?.[1] === "team" ? match[2] : undefined,
  };
}

/** What the task form sends (conform's view of it: every value a string). */
export interface TaskFormValues {
  titleEn: string;
  titleFr: string;
  descriptionEn: string;
  descriptionFr: string;
  category: string;
  owner: string;
  ownerUserId: string;
  ownerTeamId: string;
  anchor: string;
  offsetBusinessDays: string;
  beforeLastDay: string;
}

/** What the dates-and-status form sends. */
export interface DatesFormValues {
  noticeDate: string;
  lastDay: string;
  terminationDate: string;
  status: string;
  confirmUnusualDates: string;
}

/**
 * What the departure forms judge dates against, the same in the browser (from the loader) and in
 * the action: the company's today and HR's window of usual dates (date-window.ts).
 */
export interface DateContext {
  today: CalendarDay;
  window: DateWindow;
}

/**
 * The new-departure form: `departureInputSchema`, plus two questions the form asks when they
 * arise. A date outside the window needs the confirmation box ticked (for exactly those dates); a
 * last day already past needs a choice for the tasks already due, so that recording a departure
 * after the fact does not fill owners' inboxes with overdue work unless HR says so.
 */
export function newDepartureFormSchema(t: Translate, context: DateContext) {
  return departureInputSchema(t)
    .extend({
      // The key of the unusual dates HR confirmed (unusualDatesKey), from the box the form shows.
      confirmUnusualDates: z.string().trim().optional(),
      // What to do with the tasks already due, asked when the last day has passed.
      overdueTasks: z.enum(OVERDUE_TASK_CHOICES, { error: t("validation.overdueTasksChoice") }).optional(),
    })
    .superRefine((value, ctx) => {
      refineUnusualDates(ctx, unusualDates(value, context.window, context.today), value.confirmUnusualDates, t);
      if (value.lastDay < context.today && !value.overdueTasks) {
        ctx.addIssue({ code: "custom", path: ["overdueTasks"], message: t("validation.overdueTasksChoice") });
      }
    });
}

/**
 * A task definition from the add/edit form: `taskDefinitionSchema` with the single owner select
 * split into ownerUserId / ownerTeamId first. `t` translates the `offboarding` namespace. Owner
 * errors come back under `ownerUserId` (or `ownerTeamId`); the form shows them beside the select.
 */
export function taskFormSchema(t: Translate): z.ZodType<TaskDefinition, Partial<TaskFormValues>> {
  // The cast names the form's input: z.preprocess types its input as `unknown`, and conform
  // derives the form's fields from the schema's input type.
  return z.preprocess(splitOwner, taskDefinitionSchema(t)) as unknown as z.ZodType<TaskDefinition, Partial<TaskFormValues>>;
}

const UPDATE_FIELDS = ["noticeDate", "lastDay", "terminationDate", "status", "confirmUnusualDates"] as const;

/** The departure's dates as they are, for the dates form to tell which ones change. */
export interface CurrentDates {
  noticeDate: CalendarDay;
  lastDay: CalendarDay;
  /** Null: not given, it follows the last day. */
  terminationDate: CalendarDay | null;
}

/**
 * The dates-and-status form: `departureUpdateSchema` (strict, as the API wants it) given only the
 * fields it knows, since the form also carries its `intent`. An empty termination date sends the
 * departure back to "the same as the last day" (null). With `context`, a date changed to one
 * outside the window needs the confirmation box, as on the new-departure form.
 */
export function departureDatesFormSchema(
  t: Translate,
  context?: DateContext & { current: CurrentDates },
): z.ZodType<DepartureUpdate & { confirmUnusualDates?: string }, Partial<DatesFormValues>> {
  const schema = z.preprocess(
    (raw) => {
      if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return raw;
      const source = raw as Record<string, unknown>;
      const picked = Object.fromEntries(UPDATE_FIELDS.filter((field) => field in source).map((field) => [field, source[field]]));
      // The field is on the form but empty: HR cleared it.
      if ("terminationDate" in picked && (picked.terminationDate === undefined || String(picked.terminationDate).trim() === "")) {
        picked.terminationDate = null;
      }
      return picked;
    },
    departureUpdateSchema(t)
      .extend({ confirmUnusualDates: z.string().trim().optional() })
      .superRefine((value, ctx) => {
        if (!context) return;
        const { current } = context;
        const changed = <T>(before: T, after: T | undefined) => (after !== undefined && after !== before ? after : undefined);
        const dates = {
          noticeDate: changed(current.noticeDate, value.noticeDate),
          lastDay: changed(current.lastDay, value.lastDay),
          terminationDate: changed(current.terminationDate, value.terminationDate),
        };
        refineUnusualDates(ctx, unusualDates(dates, context.window, context.today), value.confirmUnusualDates, t);
      }),
  );
  return schema as unknown as z.ZodType<DepartureUpdate & { confirmUnusualDates?: string }, Partial<DatesFormValues>>;
}

/**
 * A confirmation box that must be ticked (cancel a departure, remove a task): the no-JavaScript
 * way to ask "are you sure?". `message` is shown beside the box when it is not ticked.
 */
export function confirmationSchema(message: string) {
  return z.object({
    confirm: z.literal("on", { error: message }),
  });
}

/** The message beside one field (`offboarding` namespace): which date, and on which side of the window. */
function unusualDateMessage(unusual: UnusualDate, t: Translate): string {
  return t(`validation.unusualDate.${unusual.side}`, {
    field: t(`fields.${unusual.field}`),
    date: unusual.date,
    count: unusual.days,
  });
}

/**
 * Adds the form's errors for unconfirmed unusual dates to a zod refinement: one beside each date
 * and one beside the confirmation box. Shared by the new-departure and the edit forms.
 */
export function refineUnusualDates(
  ctx: z.RefinementCtx,
  dates: readonly UnusualDate[],
  confirmation: string | undefined,
  t: Translate,
): void {
  if (isConfirmed(dates, confirmation)) return;
  for (const unusual of dates) {
    ctx.addIssue({ code: "custom", path: [unusual.field], message: unusualDateMessage(unusual, t) });
  }
  ctx.addIssue({ code: "custom", path: ["confirmUnusualDates"], message: t("validation.unusualDateConfirm") });
}
