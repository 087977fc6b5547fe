import { z } from "zod";
import { SUPPORTED_LOCALES } from "~/modules/i18n/config";
import { translator } from "~/modules/i18n/translator";
import { departureInputSchema, departureUpdateSchema, TEXT_MAX } from "~/modules/offboarding/schemas";
import {
  DEPARTURE_STATUSES,
  DEPARTURE_TYPES,
  OVERDUE_TASK_CHOICES,
  TASK_ANCHORS,
  TASK_CATEGORIES,
  TASK_STATUSES,
} from "~/modules/offboarding/types";

/**
 * The HRIS API's schemas. Requests are built from the very field schemas of the HR form
 * (`departureInputSchema`, `departureUpdateSchema` of the offboarding domain), so the API accepts
 * and refuses what the form does, with the same messages; the OpenAPI document is generated from
 * these objects (`z.toJSONSchema`), so the documentation cannot drift from the validation.
 *
 * The API speaks English: messages come from the `offboarding` and `integrations` namespaces in "en".
 */
export const fieldT = translator("en", "offboarding");
export const apiT = translator("en", "integrations");

/** What z.toJSONSchema copies into each JSON schema: title, description, format, examples. */
export interface ApiSchemaMeta {
  title?: string;
  description?: string;
  format?: string;
  examples?: unknown[];
  [key: string]: unknown;
}

/** The documentation of every API schema and field (read by openapi.server.ts). */
export const apiSchemaDocs = z.registry<ApiSchemaMeta>();

/** The options the OpenAPI document is generated with; tests generate with the same. */
export const REQUEST_JSON_SCHEMA_OPTIONS = { target: "draft-2020-12", io: "input", metadata: apiSchemaDocs } as const;
export const RESPONSE_JSON_SCHEMA_OPTIONS = { target: "draft-2020-12", io: "output", metadata: apiSchemaDocs } as const;

function documented<T extends z.ZodType>(schema: T, meta: ApiSchemaMeta): T {
  apiSchemaDocs.add(schema, meta);
  return schema;
}

/** HR systems often send `null` for an empty value: the API reads it as "not given". */
function nullable<T extends z.ZodType>(schema: T) {
  return schema.nullable().transform((value) => value ?? undefined);
}

const form = departureInputSchema(fieldT).shape;

/** The HR form picks a department from a list; the API names it, and a new name is created for review. */
const departmentName = z
  .string({ error: fieldT("validation.required", { field: fieldT("fields.departmentName") }) })
  .trim()
  .min(1, { error: fieldT("validation.required", { field: fieldT("fields.departmentName") }), abort: true })
  .max(TEXT_MAX, { error: fieldT("validation.textTooLong", { max: TEXT_MAX }) });

const flag = z.boolean({ error: apiT("api.validation.boolean") });

/** Dates outside HR's window of usual dates are refused (422 unusual-dates) unless the caller confirms them. */
const confirmUnusualDates = documented(flag.nullable().optional(), {
  description:
    "Set to true to record a notice date, last day or termination date outside the window of usual dates that HR sets in Settings → Departure dates (by default more than 90 days ago or 730 days ahead). Without it such a date is refused with 422 unusual-dates.",
});

export const employeeBody = documented(
  z
    .object({
      email: documented(form.employeeEmail, {
        description: "Work email address. The leaver's portal account (role leaver) is created or linked with it.",
        format: "email",
        examples: ["sam.leclerc@example.com"],
      }),
      name: documented(form.employeeName, { description: "Full name.", examples: ["Sam Leclerc"] }),
      department: documented(departmentName, {
        description:
          "Department name, matched without regard to case. An unknown name creates a department under the root, flagged for HR to review.",
        examples: ["Engineering"],
      }),
      title: documented(nullable(form.jobTitle), { description: "Job title.", examples: ["Backend engineer"] }),
      managerEmail: documented(nullable(form.managerEmail), { description: "The manager's work email.", format: "email" }),
      personalEmail: documented(nullable(form.personalEmail), {
        description: "A personal address, used to invite the leaver to the alumni network after the last day.",
        format: "email",
      }),
      location: documented(nullable(form.location), {
        description: "Office or country; checklist templates may apply to some locations only.",
        examples: ["Paris"],
      }),
      hireDate: documented(nullable(form.hireDate), { description: "Hire date (YYYY-MM-DD), not after the last day.", format: "date" }),
      language: documented(nullable(form.language), {
        description:
          "Language of the leaver's emails and exit flow: en (English) or fr (French). A new account is created in it (omitted: the company's language); an existing account is switched to it.",
        examples: ["fr"],
      }),
    })
    .strict(),
  { title: "Employee", description: "The person who is leaving." },
);

/** POST /api/v1/departures. */
export const departureCreateBody = documented(
  z
    .object({
      employee: employeeBody,
      lastDay: documented(form.lastDay, { description: "Last working day (YYYY-MM-DD).", format: "date", examples: ["2026-12-18"] }),
      noticeDate: documented(nullable(form.noticeDate), {
        description: "Day notice was given (YYYY-MM-DD), not after the last day. Defaults to today, or the last day if that is earlier.",
        format: "date",
      }),
      terminationDate: documented(nullable(form.terminationDate), {
        description:
          "Day the contract ends (YYYY-MM-DD), not before the last day. Omitted or null: the same as the last day, and it moves with the last day.",
        format: "date",
      }),
      type: documented(nullable(form.type), { description: "Kind of departure. Defaults to voluntary." }),
      reason: documented(nullable(form.reasonCode), {
        description: "Code of one of the departure reasons configured by HR (listed on the reference page), e.g. career_growth.",
        examples: ["career_growth"],
      }),
      regrettable: documented(flag.nullable().optional(), { description: "Whether HR regrets this departure." }),
      eligibleForRehire: documented(flag.nullable().optional(), { description: "Whether the person may be hired again." }),
      externalId: documented(nullable(form.externalId), {
        description:
          "Your system's identifier for this departure. Posting the same externalId again returns the existing departure (200) and changes nothing.",
        examples: ["HR-1001"],
      }),
      confirmUnusualDates,
      overdueTasks: documented(nullable(z.enum(OVERDUE_TASK_CHOICES, { error: apiT("api.validation.overdueTasks") }).optional()), {
        description:
          "For a departure recorded after the fact: what becomes of the checklist tasks already due (before today). open (default): they stay open, overdue; done or not_applicable: they are closed at once, with a note saying so.",
      }),
    })
    .strict(),
  {
    title: "DepartureCreate",
    description:
      "A departure to record. Checklist templates that match it expand into dated tasks for their owners. Without externalId, the same work email with the same last day is the same departure.",
  },
);

export type DepartureCreateBody = z.output<typeof departureCreateBody>;

/**
 * The HR form's names for the API's fields: each error the form's schema or the domain reports on
 * one of its fields is answered at the API field's JSON Pointer.
 */
export const CREATE_FIELD_POINTERS: Record<string, string> = {
  employeeEmail: "/employee/email",
  employeeName: "/employee/name",
  departmentName: "/employee/department",
  departmentId: "/employee/department",
  jobTitle: "/employee/title",
  managerEmail: "/employee/managerEmail",
  personalEmail: "/employee/personalEmail",
  location: "/employee/location",
  hireDate: "/employee/hireDate",
  language: "/employee/language",
  noticeDate: "/noticeDate",
  lastDay: "/lastDay",
  terminationDate: "/terminationDate",
  type: "/type",
  reasonCode: "/reason",
  regrettable: "/regrettable",
  eligibleForRehire: "/eligibleForRehire",
  externalId: "/externalId",
  status: "/status",
};

/** The create body in the HR form's vocabulary, ready for `departureInputSchema`. */
export function toDepartureFields(body: DepartureCreateBody): Record<string, unknown> {
  return {
    employeeEmail: body.employee.email,
    employeeName: body.employee.name,
    departmentName: body.employee.department,
    jobTitle: body.employee.title,
    managerEmail: body.employee.managerEmail,
    personalEmail: body.employee.personalEmail,
    location: body.employee.location,
    hireDate: body.employee.hireDate,
    language: body.employee.language,
    noticeDate: body.noticeDate,
    lastDay: body.lastDay,
    terminationDate: body.terminationDate,
    type: body.type,
    reasonCode: body.reason,
    regrettable: body.regrettable ?? undefined,
    eligibleForRehire: body.eligibleForRehire ?? undefined,
    externalId: body.externalId,
  };
}

/** The HR form's full schema, run on the mapped body: the date-order rules and defaults. */
export const departureFieldsSchema = departureInputSchema(fieldT);

const update = departureUpdateSchema(fieldT).extend({ confirmUnusualDates });
for (const [field, description] of [
  ["noticeDate", "New notice date (YYYY-MM-DD)."],
  ["lastDay", "New last working day (YYYY-MM-DD). Open tasks are re-dated; done tasks keep their dates."],
  ["terminationDate", "New termination date (YYYY-MM-DD), or null to make it the same as the last day again (it then moves with the last day)."],
] as const) {
  documented(update.shape[field], { description, format: "date" });
}
documented(update.shape.status, {
  description:
    "New status. Allowed moves: planned → in_progress, completed or cancelled; in_progress → planned, completed or cancelled; completed → in_progress; cancelled → planned.",
});

/** PATCH /api/v1/departures/{id}: the HR edit form's schema itself. */
export const departureUpdateBody = documented(update, {
  title: "DepartureUpdate",
  description: "Changes to a departure's dates or status. Omitted fields keep their value; the date order is checked on the result.",
});

export const LIST_LIMIT_DEFAULT = 25;
export const LIST_LIMIT_MAX = 100;

/** GET /api/v1/departures query parameters. Unknown parameters are ignored. */
export const departureListQuery = documented(
  z.object({
    limit: documented(
      z.coerce
        .number({ error: apiT("api.validation.limit", { max: LIST_LIMIT_MAX }) })
        .int({ error: apiT("api.validation.limit", { max: LIST_LIMIT_MAX }) })
        .min(1, { error: apiT("api.validation.limit", { max: LIST_LIMIT_MAX }) })
        .max(LIST_LIMIT_MAX, { error: apiT("api.validation.limit", { max: LIST_LIMIT_MAX }) })
        .default(LIST_LIMIT_DEFAULT),
      { description: `Departures per page, 1 to ${LIST_LIMIT_MAX} (default ${LIST_LIMIT_DEFAULT}).` },
    ),
    cursor: documented(z.string().max(200, { error: apiT("api.validation.cursor") }).optional(), {
      description: "The nextCursor of the previous page, unchanged.",
    }),
    status: documented(
      z
        .string()
        .optional()
        .transform((value) => (value ? value.split(",").map((part) => part.trim()) : undefined))
        .pipe(z.array(z.enum(DEPARTURE_STATUSES, { error: apiT("api.validation.statusFilter") })).optional()),
      {
        description: "Only these statuses, comma-separated: planned, in_progress, completed, cancelled.",
        examples: ["planned,in_progress"],
      },
    ),
    updatedSince: documented(z.iso.datetime({ offset: true, error: apiT("api.validation.updatedSince") }).optional(), {
      description: "Only departures changed at or after this instant (ISO 8601 with a time zone, e.g. 2026-11-27T09:00:00Z).",
    }),
  }),
  { title: "DepartureListQuery" },
);

export type DepartureListQuery = z.output<typeof departureListQuery>;

// Responses ----------------------------------------------------------------------------------

const day = z.iso.date();
const timestamp = z.iso.datetime();

export const taskResponse = documented(
  z.object({
    id: z.uuid(),
    title: documented(z.string(), { description: "The task's title in English." }),
    description: documented(z.string(), { description: "How to do it, in English; empty when none." }),
    titleFr: documented(z.string(), { description: "The task's title in French (the English one when no French title was written)." }),
    descriptionFr: documented(z.string(), { description: "The description in French (the English one when no French description was written)." }),
    category: z.enum(TASK_CATEGORIES),
    owner: documented(
      z.object({ type: z.enum(["user", "team"]), id: z.uuid(), name: z.string() }).nullable(),
      { description: "The person or team who does the task." },
    ),
    anchor: documented(z.enum(TASK_ANCHORS), { description: "The departure date the due date is counted from." }),
    offsetBusinessDays: documented(z.int(), { description: "Business days after (negative: before) the anchor." }),
    beforeLastDay: documented(z.boolean(), { description: "Must be done before the last day; escalated to HR otherwise." }),
    dueDate: day,
    status: z.enum(TASK_STATUSES),
    completedAt: timestamp.nullable(),
    completionNote: z.string().nullable(),
    evidenceUrl: z.string().nullable(),
    notApplicableReason: z.string().nullable(),
  }),
  { title: "Task", description: "A checklist task of a departure." },
);

export const taskCountsResponse = documented(
  z.object({
    total: z.int(),
    open: z.int(),
    done: z.int(),
    notApplicable: z.int(),
    overdue: documented(z.int(), { description: "Open tasks whose due date has passed (company time zone)." }),
  }),
  { title: "TaskCounts" },
);

export const departureResponse = documented(
  z.object({
    id: z.uuid(),
    externalId: z.string().nullable(),
    status: z.enum(DEPARTURE_STATUSES),
    type: z.enum(DEPARTURE_TYPES),
    reason: documented(z.string().nullable(), { description: "Code of the departure reason." }),
    regrettable: z.boolean().nullable(),
    eligibleForRehire: z.boolean().nullable(),
    employee: z.object({
      email: z.string(),
      name: z.string(),
      department: z.string(),
      title: z.string().nullable(),
      managerEmail: z.string().nullable(),
      personalEmail: z.string().nullable(),
      location: z.string().nullable(),
      hireDate: day.nullable(),
      language: documented(z.enum(SUPPORTED_LOCALES), { description: "The language of the leaver's account, emails and exit flow." }),
    }),
    noticeDate: day,
    lastDay: day,
    terminationDate: documented(day, { description: "The day the contract ends: the last day when none was given." }),
    terminationDateFollowsLastDay: documented(z.boolean(), {
      description: "True when no termination date was given: terminationDate is the last day and moves with it.",
    }),
    source: documented(z.enum(["web", "api", "csv", "seed"]), { description: "Where the departure was recorded." }),
    taskCounts: taskCountsResponse,
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
  { title: "Departure", description: "A departure as listed." },
);

export type DepartureResponse = z.output<typeof departureResponse>;

export const departureWithTasksResponse = documented(departureResponse.extend({ tasks: z.array(taskResponse) }), {
  title: "DepartureWithTasks",
  description: "A departure with its checklist tasks, by due date.",
});

export type DepartureWithTasksResponse = z.output<typeof departureWithTasksResponse>;
export type TaskResponse = z.output<typeof taskResponse>;

export const departureListResponse = documented(
  z.object({
    data: z.array(departureResponse),
    nextCursor: documented(z.string().nullable(), {
      description: "Pass it as `cursor` for the next page; null on the last page.",
    }),
  }),
  {
    title: "DepartureList",
    description: "One page of departures, least recently updated first: a departure updated while you page moves to the end, so none is skipped.",
  },
);

export const problemResponse = documented(
  z.object({
    type: documented(z.string(), { description: "URI reference of the problem type (its entry on the reference page)." }),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: documented(
      z
        .array(
          z.object({
            pointer: documented(z.string().optional(), { description: "JSON Pointer (RFC 6901) to the invalid body field." }),
            parameter: documented(z.string().optional(), { description: "The invalid query parameter." }),
            detail: z.string(),
          }),
        )
        .optional(),
      { description: "One entry per invalid field (422) or query parameter (400)." },
    ),
  }),
  { title: "Problem", description: "RFC 9457 problem details, sent as application/problem+json." },
);
