import { sql } from "kysely";
import { z } from "zod";
import { todayIn, type CalendarDay } from "~/utils/calendar-days";
import { localized, localizedColumns } from "~/modules/i18n/localized-text";
import { terminationDateOf } from "~/modules/offboarding/departure-dates";
import type { DepartureInput, DepartureUpdate } from "~/modules/offboarding/schemas";
import type { OverdueTasksChoice } from "~/modules/offboarding/types";
import type { DB } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isUuid } from "~/utils/ids";
import {
  apiT,
  CREATE_FIELD_POINTERS,
  departureCreateBody,
  departureFieldsSchema,
  departureListQuery,
  departureUpdateBody,
  toDepartureFields,
  type DepartureListQuery,
  type DepartureResponse,
  type DepartureWithTasksResponse,
  type TaskResponse,
} from "./api-schemas";
import { apiIssueMessage, validationProblem, zodIssuesToProblemErrors } from "./api.server";
import { ApiProblem, jsonPointer, type ProblemFieldError } from "./problems";

/**
 * The departures resource of the HRIS API: request bodies turned into the offboarding domain's
 * input (with errors at the API's field names), and departures read back in the API's shape.
 */

function companyToday(): CalendarDay {
  return todayIn(getEnv().COMPANY_TIME_ZONE);
}

// Requests -----------------------------------------------------------------------------------

/** How the caller wants the departure recorded (createDeparture's options). */
export interface DepartureCreateChoices {
  confirmUnusualDates: boolean;
  overdueTasks: OverdueTasksChoice;
}

/**
 * The POST body as the domain's DepartureInput and the caller's choices. First the API's shape
 * (with the HR form's field schemas), then the HR form's whole schema on the mapped fields, so that
 * the cross-field rules (date order) and defaults are exactly the form's. Errors: 422 with one
 * entry per field.
 */
export function parseDepartureCreate(body: unknown): { input: DepartureInput; choices: DepartureCreateChoices } {
  const shaped = departureCreateBody.safeParse(body, { error: apiIssueMessage });
  if (!shaped.success) throw validationProblem(zodIssuesToProblemErrors(shaped.error.issues));
  const fields = departureFieldsSchema.safeParse(toDepartureFields(shaped.data), { error: apiIssueMessage });
  if (!fields.success) {
    throw validationProblem(
      zodIssuesToProblemErrors(fields.error.issues, (path) => CREATE_FIELD_POINTERS[String(path[0])] ?? jsonPointer(path)),
    );
  }
  return {
    input: fields.data,
    choices: { confirmUnusualDates: shaped.data.confirmUnusualDates ?? false, overdueTasks: shaped.data.overdueTasks ?? "open" },
  };
}

/** The PATCH body (the HR edit form's schema; same names as the API), and whether unusual dates are confirmed. */
export function parseDepartureUpdate(body: unknown): { patch: DepartureUpdate; confirmUnusualDates: boolean } {
  const parsed = departureUpdateBody.safeParse(body, { error: apiIssueMessage });
  if (!parsed.success) throw validationProblem(zodIssuesToProblemErrors(parsed.error.issues));
  const { confirmUnusualDates, ...patch } = parsed.data;
  return { patch, confirmUnusualDates: confirmUnusualDates ?? false };
}

/** A departure id from the path; anything that is not a UUID cannot exist (and must not reach SQL). */
export function departureIdFrom(params: Record<string, string | undefined>): string {
  const id = params.departureId ?? "";
  if (!isUuid(id)) throw new ApiProblem("not-found", "There is no departure with this id.");
  return id.toLowerCase();
}

interface Cursor {
  /** updated_at with its microseconds, as PostgreSQL keeps it (a JS Date would round them off). */
  updatedAt: string;
  id: string;
}

const cursorSchema = z.tuple([z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/), z.uuid()]);

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.updatedAt, cursor.id])).toString("base64url");
}

function decodeCursor(value: string): Cursor | undefined {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    return parsed.success ? { updatedAt: parsed.data[0], id: parsed.data[1] } : undefined;
  } catch {
    return undefined;
  }
}

export interface ListDeparturesQuery extends DepartureListQuery {
  after?: Cursor;
}

/** The query string of GET /api/v1/departures; 400 naming each bad parameter. */
export function parseListQuery(url: URL): ListDeparturesQuery {
  const raw = Object.fromEntries(url.searchParams);
  const parsed = departureListQuery.safeParse(raw, { error: apiIssueMessage });
  const errors: ProblemFieldError[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const parameter = String(issue.path[0] ?? "");
      if (!errors.some((e) => e.parameter === parameter)) errors.push({ parameter, detail: issue.message });
    }
  }
  let after: Cursor | undefined;
  if (raw.cursor !== undefined && !errors.some((e) => e.parameter === "cursor")) {
    after = decodeCursor(raw.cursor);
    if (!after) errors.push({ parameter: "cursor", detail: apiT("api.validation.cursor") });
  }
  if (errors.length > 0 || !parsed.success) {
    throw new ApiProblem("invalid-parameters", `Invalid query parameters: ${errors.map((e) => e.parameter).join(", ")}.`, { errors });
  }
  return { ...parsed.data, after };
}

// Reads --------------------------------------------------------------------------------------

/** Departures with their department, reason and task counts: one query, whatever the page size. */
function departuresWithCounts(db: DB, today: CalendarDay) {
  return db
    .selectFrom("departures as d")
    .innerJoin("departments as dep", "dep.id", "d.department_id")
    .innerJoin("users as u", "u.id", "d.leaver_user_id")
    .leftJoin("departure_reasons as r", "r.id", "d.reason_id")
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("departure_tasks as t")
          .whereRef("t.departure_id", "=", "d.id")
          .select([
            sql<number>`count(*)::int`.as("total"),
            sql<number>`(count(*) filter (where t.status = 'open'))::int`.as("open"),
            sql<number>`(count(*) filter (where t.status = 'done'))::int`.as("done"),
            sql<number>`(count(*) filter (where t.status = 'not_applicable'))::int`.as("not_applicable"),
            sql<number>`(count(*) filter (where t.status = 'open' and t.due_date < ${today}::date))::int`.as("overdue"),
          ])
          .as("c"),
      (join) => join.onTrue(),
    )
    .selectAll("d")
    .select([
      "dep.name as department_name",
      "u.locale as leaver_locale",
      "r.code as reason_code",
      "c.total",
      "c.open",
      "c.done",
      "c.not_applicable",
      "c.overdue",
      sql<string>`to_char(d.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as("cursor_updated_at"),
    ]);
}

type DepartureRow = Awaited<ReturnType<ReturnType<typeof departuresWithCounts>["executeTakeFirstOrThrow"]>>;

function toIso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function serializeDeparture(row: DepartureRow): DepartureResponse {
  return {
    id: row.id,
    externalId: row.external_id,
    status: row.status,
    type: row.type,
    reason: row.reason_code,
    regrettable: row.regrettable,
    eligibleForRehire: row.eligible_for_rehire,
    employee: {
      email: row.employee_email,
      name: row.employee_name,
      department: row.department_name,
      title: row.job_title,
      managerEmail: row.manager_email,
      personalEmail: row.personal_email,
      location: row.location,
      hireDate: row.hire_date,
      language: row.leaver_locale,
    },
    noticeDate: row.notice_date,
    lastDay: row.last_day,
    terminationDate: terminationDateOf(row),
    terminationDateFollowsLastDay: row.termination_date === null,
    source: row.source,
    taskCounts: {
      total: row.total ?? 0,
      open: row.open ?? 0,
      done: row.done ?? 0,
      notApplicable: row.not_applicable ?? 0,
      overdue: row.overdue ?? 0,
    },
    createdAt: toIso(row.created_at)!,
    updatedAt: toIso(row.updated_at)!,
  };
}

async function listTasks(db: DB, departureId: string): Promise<TaskResponse[]> {
  const rows = await db
    .selectFrom("departure_tasks as t")
    .leftJoin("users as u", "u.id", "t.owner_user_id")
    .leftJoin("teams as tm", "tm.id", "t.owner_team_id")
    .selectAll("t")
    .select(["u.name as owner_user_name", "tm.name as owner_team_name"])
    .where("t.departure_id", "=", departureId)
    .orderBy("t.due_date")
    .orderBy("t.position")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    // `title` and `description` are the English texts, as before both languages existed.
    title: localized(localizedColumns(row, "title"), "en"),
    description: localized(localizedColumns(row, "description"), "en"),
    titleFr: localized(localizedColumns(row, "title"), "fr"),
    descriptionFr: localized(localizedColumns(row, "description"), "fr"),
    category: row.category,
    owner: row.owner_user_id
      ? { type: "user" as const, id: row.owner_user_id, name: row.owner_user_name ?? "" }
      : row.owner_team_id
        ? { type: "team" as const, id: row.owner_team_id, name: row.owner_team_name ?? "" }
        : null,
    anchor: row.anchor,
    offsetBusinessDays: row.offset_business_days,
    beforeLastDay: row.before_last_day,
    dueDate: row.due_date,
    status: row.status,
    completedAt: toIso(row.completed_at),
    completionNote: row.completion_note,
    evidenceUrl: row.evidence_url,
    notApplicableReason: row.not_applicable_reason,
  }));
}

/** One departure with its tasks (two queries), or undefined. */
export async function findDepartureForApi(
  id: string,
  options: { db?: DB; today?: CalendarDay } = {},
): Promise<DepartureWithTasksResponse | undefined> {
  const db = options.db ?? getDb();
  const row = await departuresWithCounts(db, options.today ?? companyToday())
    .where("d.id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...serializeDeparture(row), tasks: await listTasks(db, id) };
}

export async function requireDepartureForApi(id: string): Promise<DepartureWithTasksResponse> {
  const departure = await findDepartureForApi(id);
  if (!departure) throw new ApiProblem("not-found", "There is no departure with this id.");
  return departure;
}

/**
 * A page of departures ordered by (updated_at, id), the keyset the cursor holds: a departure that
 * changes while a client pages through moves behind the cursor and is seen again, never skipped.
 */
export async function listDeparturesForApi(
  query: ListDeparturesQuery,
  options: { db?: DB; today?: CalendarDay } = {},
): Promise<{ data: DepartureResponse[]; nextCursor: string | null }> {
  const db = options.db ?? getDb();
  let select = departuresWithCounts(db, options.today ?? companyToday());
  if (query.status?.length) select = select.where("d.status", "in", query.status);
  if (query.updatedSince) select = select.where("d.updated_at", ">=", new Date(query.updatedSince));
  if (query.after) {
    const { updatedAt, id } = query.after;
    select = select.where(sql<boolean>`(d.updated_at, d.id) > (${updatedAt}::timestamptz, ${id}::uuid)`);
  }
  const rows = await select.orderBy("d.updated_at").orderBy("d.id").limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(serializeDeparture),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ updatedAt: last.cursor_updated_at, id: last.id }) : null,
  };
}
