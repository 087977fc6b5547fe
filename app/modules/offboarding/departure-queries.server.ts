import { sql, type ExpressionBuilder } from "kysely";
import { jsonObjectFrom } from "kysely/helpers/postgres";
import { z } from "zod";
import type { AppLocale } from "~/modules/i18n/config";
import { localized, localizedColumns } from "~/modules/i18n/localized-text";
import type { Database, DB } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { parseQuery, queryValue, wholeNumberParam } from "~/utils/query-params";
import type { DepartureSource } from "../../../db/schema";
import { addCalendarDays, type CalendarDay } from "~/utils/calendar-days";
import { terminationDateOf } from "./departure-dates";
import { departmentPathOf, departmentSubtree, listDepartmentTree, type DepartmentNode } from "./departments.server";
import { UPCOMING_MAX_DAYS } from "./departure-display";
import { INBOX_ROLES } from "./inbox.server";
import {
  DEPARTURE_STATUSES,
  TASK_CATEGORIES,
  type DepartureStatus,
  type DepartureType,
  type TaskAnchor,
  type TaskCategory,
  type TaskStatus,
} from "./types";
import type { Translate } from "~/modules/i18n/translator";
import { schemaPerLanguage } from "~/modules/i18n/schema-per-language";
import { listActiveReasonLabels } from "~/modules/surveys/reason-choices.server";

/**
 * What HR's departure pages read: the filtered list (and its CSV export), one departure with its
 * tasks, and the figures on HR's home page. HR admins see everything, so these queries take no
 * viewer: the routes that call them require the hr_admin role first.
 */

export const DEPARTURES_PAGE_SIZE = 50;
/** The CSV export is bounded like every list; far above any real company's departures. */
export const DEPARTURES_EXPORT_MAX = 10_000;
export const SEARCH_MAX = 100;
export const PAGE_MAX = 10_000;
export const DEPARTURE_SORTS = ["last_day_desc", "last_day_asc"] as const;
export type DepartureSort = (typeof DEPARTURE_SORTS)[number];

// ---------------------------------------------------------------------------------------------
// The list's query string
// ---------------------------------------------------------------------------------------------

/**
 * The list's filters as they arrive in the query string. `t` translates the `departures`
 * namespace (the messages name the filter and the values it takes).
 */
export function departureListQuerySchema(t: Translate) {
  return z.object({
    status: z.array(z.enum(DEPARTURE_STATUSES, { error: t("filters.errors.status") })).default([]),
    department: z.uuid({ error: t("filters.errors.department") }).optional(),
    upcoming: wholeNumberParam(t("filters.errors.upcoming", { max: UPCOMING_MAX_DAYS }), 1, UPCOMING_MAX_DAYS).optional(),
    overdue: z
      .enum(["1", "true", "on", "yes"], { error: t("filters.errors.overdue") })
      .optional()
      .transform((value) => value !== undefined),
    q: z.string().trim().max(SEARCH_MAX, { error: t("filters.errors.search", { max: SEARCH_MAX }) }).optional(),
    sort: z.enum(DEPARTURE_SORTS, { error: t("filters.errors.sort") }).default("last_day_desc"),
    page: wholeNumberParam(t("filters.errors.page", { max: PAGE_MAX }), 1, PAGE_MAX).default(1),
  });
}

const listQuerySchemaFor = schemaPerLanguage(departureListQuerySchema);

export interface DepartureListFilters {
  statuses: DepartureStatus[];
  /** The department and everything under it. */
  departmentId?: string;
  /** Last day between today and today + N days. */
  upcomingDays?: number;
  /** Only departures with an open task due before today. */
  overdueOnly: boolean;
  /** Part of the name, work email or external id, any case. */
  search?: string;
  sort: DepartureSort;
  page: number;
}

export type ParsedListQuery =
  | { success: true; filters: DepartureListFilters }
  | { success: false; errors: Record<string, string[]> };

/**
 * Reads the list's filters from a query string. An empty field (a GET form submits every field)
 * means "no filter"; unknown parameters are ignored; a bad value is reported by parameter name.
 */
export function parseDepartureListQuery(params: URLSearchParams, language: string, t: Translate): ParsedListQuery {
  const parsed = parseQuery(listQuerySchemaFor(language, t), {
    status: params.getAll("status").filter((value) => value.trim() !== ""),
    department: queryValue(params, "department"),
    upcoming: queryValue(params, "upcoming"),
    overdue: queryValue(params, "overdue"),
    q: queryValue(params, "q"),
    sort: queryValue(params, "sort"),
    page: queryValue(params, "page"),
  });
  if (!parsed.success) return parsed;
  const { status, department, upcoming, overdue, q, sort, page } = parsed.data;
  return {
    success: true,
    filters: {
      statuses: [...new Set(status)],
      departmentId: department,
      upcomingDays: upcoming,
      overdueOnly: overdue,
      search: q || undefined,
      sort,
      page,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The list
// ---------------------------------------------------------------------------------------------

export interface DepartureListRow {
  id: string;
  employeeName: string;
  employeeEmail: string;
  externalId: string | null;
  departmentId: string;
  jobTitle: string | null;
  location: string | null;
  type: DepartureType;
  status: DepartureStatus;
  reasonCode: string | null;
  reasonLabelEn: string | null;
  reasonLabelFr: string | null;
  noticeDate: CalendarDay;
  lastDay: CalendarDay;
  terminationDate: CalendarDay;
  tasksTotal: number;
  /** Done or not applicable: nothing left to do. */
  tasksFinished: number;
  /** Open and due before today; none for a cancelled departure (its work will not happen). */
  tasksOverdue: number;
}

/** `%`, `_` and `\` typed in the search box are matched literally. */
export function likePattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * One page of departures with their task counts, in ONE query: the counts come from a lateral
 * aggregate over the departure's tasks (index departure_tasks_departure_idx), the total from a
 * window function. The department filter first expands the department to its subtree.
 */
export async function listDepartures(
  db: DB,
  filters: Omit<DepartureListFilters, "page">,
  options: { today: CalendarDay; limit: number; offset?: number },
): Promise<{ rows: DepartureListRow[]; total: number }> {
  const { today } = options;
  let departmentIds: string[] | undefined;
  if (filters.departmentId) {
    departmentIds = await departmentSubtree(db, filters.departmentId);
    if (departmentIds.length === 0) return { rows: [], total: 0 };
  }

  let query = db
    .selectFrom("departures as d")
    .leftJoin("departure_reasons as r", "r.id", "d.reason_id")
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom("departure_tasks as t")
          .select([
            sql<number>`count(*)::int`.as("total"),
            sql<number>`(count(*) filter (where t.status <> 'open'))::int`.as("finished"),
            sql<number>`(count(*) filter (where t.status = 'open' and t.due_date < ${today}::date))::int`.as("overdue"),
          ])
          .whereRef("t.departure_id", "=", "d.id")
          .as("tc"),
      (join) => join.onTrue(),
    )
    .select([
      "d.id",
      "d.employee_name",
      "d.employee_email",
      "d.external_id",
      "d.department_id",
      "d.job_title",
      "d.location",
      "d.type",
      "d.status",
      "d.notice_date",
      "d.last_day",
      "d.termination_date",
      "r.code as reason_code",
      "r.label_en as reason_label_en",
      "r.label_fr as reason_label_fr",
      "tc.total as tasks_total",
      "tc.finished as tasks_finished",
      sql<number>`case when d.status = 'cancelled' then 0 else tc.overdue end`.as("tasks_overdue"),
      sql<string>`count(*) over ()`.as("total_count"),
    ]);

  if (filters.statuses.length > 0) query = query.where("d.status", "in", filters.statuses);
  if (departmentIds) query = query.where("d.department_id", "in", departmentIds);
  if (filters.upcomingDays !== undefined) {
    query = query.where("d.last_day", ">=", today).where("d.last_day", "<=", addCalendarDays(today, filters.upcomingDays));
  }
  if (filters.overdueOnly) {
    query = query.where("d.status", "<>", "cancelled").where((eb) =>
      eb.exists(
        eb
          .selectFrom("departure_tasks as o")
          .select(sql`1`.as("one"))
          .whereRef("o.departure_id", "=", "d.id")
          .where("o.status", "=", "open")
          .where("o.due_date", "<", today),
      ),
    );
  }
  if (filters.search) {
    // A substring scan of three short columns: fine for thousands of departures (see the
    // 2026-11-27T1350 migration for why there is no trigram index).
    const pattern = likePattern(filters.search);
    query = query.where((eb) =>
      eb.or([
        eb(sql<string>`lower(d.employee_name)`, "like", pattern),
        eb(sql<string>`lower(d.employee_email)`, "like", pattern),
        eb(sql<string>`lower(coalesce(d.external_id, ''))`, "like", pattern),
      ]),
    );
  }
  const direction = filters.sort === "last_day_asc" ? "asc" : "desc";
  const rows = await query
    .orderBy("d.last_day", direction)
    .orderBy("d.id", direction)
    .limit(options.limit)
    .offset(options.offset ?? 0)
    .execute();

  return {
    total: rows.length > 0 ? Number(rows[0]!.total_count) : 0,
    rows: rows.map((row) => ({
      id: row.id,
      employeeName: row.employee_name,
      employeeEmail: row.employee_email,
      externalId: row.external_id,
      departmentId: row.department_id,
      jobTitle: row.job_title,
      location: row.location,
      type: row.type,
      status: row.status,
      reasonCode: row.reason_code,
      reasonLabelEn: row.reason_label_en,
      reasonLabelFr: row.reason_label_fr,
      noticeDate: row.notice_date,
      lastDay: row.last_day,
      terminationDate: terminationDateOf(row),
      tasksTotal: Number(row.tasks_total),
      tasksFinished: Number(row.tasks_finished),
      tasksOverdue: Number(row.tasks_overdue),
    })),
  };
}

/** The page of the list the filters ask for, with the total to show "page 2 of 5". */
export async function listDeparturesPage(db: DB, filters: DepartureListFilters, today: CalendarDay) {
  const { rows, total } = await listDepartures(db, filters, {
    today,
    limit: DEPARTURES_PAGE_SIZE,
    offset: (filters.page - 1) * DEPARTURES_PAGE_SIZE,
  });
  return { rows, total, page: filters.page, pageCount: Math.max(1, Math.ceil(total / DEPARTURES_PAGE_SIZE)) };
}

// ---------------------------------------------------------------------------------------------
// Departments, for the filter, the form and the pages' labels
// ---------------------------------------------------------------------------------------------

export interface DepartmentOption {
  id: string;
  name: string;
  depth: number;
  /** "Engineering / Platform": the path below the company root (the root itself by its name). */
  path: string;
}

/** The department tree in display order, with readable paths (the root's name left out of them). */
export async function listDepartmentOptions(db: DB): Promise<DepartmentOption[]> {
  const tree = await listDepartmentTree(db);
  return tree.map((node: DepartmentNode) => ({
    id: node.id,
    name: node.name,
    depth: node.depth,
    path: node.depth === 0 ? node.name : node.path.split(" / ").slice(1).join(" / "),
  }));
}

export function reasonLabel(row: { reasonLabelEn: string | null; reasonLabelFr: string | null }, locale: AppLocale): string | null {
  return (locale === "fr" ? row.reasonLabelFr : row.reasonLabelEn) ?? row.reasonLabelEn;
}

// ---------------------------------------------------------------------------------------------
// One departure
// ---------------------------------------------------------------------------------------------

export interface DepartureDetail {
  id: string;
  employeeName: string;
  employeeEmail: string;
  personalEmail: string | null;
  jobTitle: string | null;
  managerEmail: string | null;
  location: string | null;
  departmentId: string;
  departmentPath: string;
  hireDate: CalendarDay | null;
  noticeDate: CalendarDay;
  lastDay: CalendarDay;
  /** In effect: the last day when none was given. */
  terminationDate: CalendarDay;
  /** No termination date was given: it is the last day, and moves with it. */
  terminationDateFollowsLastDay: boolean;
  type: DepartureType;
  reasonLabel: string | null;
  regrettable: boolean | null;
  eligibleForRehire: boolean | null;
  externalId: string | null;
  status: DepartureStatus;
  source: DepartureSource;
  createdAt: Date;
  /** The leaver's account language: their emails and exit flow are in it. */
  language: AppLocale;
  /** The leaver's account (HR's "Erase personal data" acts on it). */
  leaverUserId: string;
}

/** The departure with its department's path and its reason in the viewer's language. */
export async function findDepartureDetail(db: DB, id: string, locale: AppLocale): Promise<DepartureDetail | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db
    .selectFrom("departures as d")
    .leftJoin("departure_reasons as r", "r.id", "d.reason_id")
    .innerJoin("users as u", "u.id", "d.leaver_user_id")
    .selectAll("d")
    .select(["r.label_en as reason_label_en", "r.label_fr as reason_label_fr", "u.locale as leaver_locale"])
    .select(departmentPathOf(sql.ref("d.department_id")).as("department_path"))
    .where("d.id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    employeeName: row.employee_name,
    employeeEmail: row.employee_email,
    personalEmail: row.personal_email,
    jobTitle: row.job_title,
    managerEmail: row.manager_email,
    location: row.location,
    departmentId: row.department_id,
    departmentPath: row.department_path ?? "",
    hireDate: row.hire_date,
    noticeDate: row.notice_date,
    lastDay: row.last_day,
    terminationDate: terminationDateOf(row),
    terminationDateFollowsLastDay: row.termination_date === null,
    type: row.type,
    reasonLabel: reasonLabel({ reasonLabelEn: row.reason_label_en, reasonLabelFr: row.reason_label_fr }, locale),
    regrettable: row.regrettable,
    eligibleForRehire: row.eligible_for_rehire,
    externalId: row.external_id,
    status: row.status,
    source: row.source,
    createdAt: row.created_at,
    language: row.leaver_locale,
    leaverUserId: row.leaver_user_id,
  };
}

export interface DepartureTaskView {
  id: string;
  title: string;
  description: string;
  category: TaskCategory;
  status: TaskStatus;
  dueDate: CalendarDay;
  anchor: TaskAnchor;
  offsetBusinessDays: number;
  beforeLastDay: boolean;
  owner: { kind: "user" | "team"; id: string; name: string } | null;
  /**
   * Open, and owned by a person who is no longer active staff (an alumnus, a leaver, a closed
   * account): nobody is reminded of it any more (reminders.server), so HR should reassign it.
   */
  needsNewOwner: boolean;
  completedAt: Date | null;
  completedByName: string | null;
  completionNote: string | null;
  evidenceUrl: string | null;
  notApplicableReason: string | null;
  /** Open and due before the company's today, on a departure that is not cancelled. */
  overdue: boolean;
}

/** Every task of one departure with its owner's and completer's names (one query), its texts in `locale`. */
export async function listDepartureTaskViews(
  db: DB,
  departure: { id: string; status: DepartureStatus },
  today: CalendarDay,
  locale: AppLocale,
): Promise<DepartureTaskView[]> {
  const rows = await db
    .selectFrom("departure_tasks as t")
    .leftJoin("users as owner", "owner.id", "t.owner_user_id")
    .leftJoin("teams as team", "team.id", "t.owner_team_id")
    .leftJoin("users as completer", "completer.id", "t.completed_by")
    .select([
      "t.id",
      "t.title_en",
      "t.title_fr",
      "t.description_en",
      "t.description_fr",
      "t.category",
      "t.status",
      "t.due_date",
      "t.anchor",
      "t.offset_business_days",
      "t.before_last_day",
      "t.owner_user_id",
      "t.owner_team_id",
      "t.completed_at",
      "t.completion_note",
      "t.evidence_url",
      "t.not_applicable_reason",
      "owner.name as owner_name",
      "owner.role as owner_role",
      "owner.status as owner_status",
      "team.name as team_name",
      "completer.name as completer_name",
    ])
    .where("t.departure_id", "=", departure.id)
    .orderBy("t.due_date")
    .orderBy("t.position")
    .orderBy("t.id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    title: localized(localizedColumns(row, "title"), locale),
    description: localized(localizedColumns(row, "description"), locale),
    category: row.category,
    status: row.status,
    dueDate: row.due_date,
    anchor: row.anchor,
    offsetBusinessDays: row.offset_business_days,
    beforeLastDay: row.before_last_day,
    owner: row.owner_user_id
      ? { kind: "user", id: row.owner_user_id, name: row.owner_name ?? "" }
      : row.owner_team_id
        ? { kind: "team", id: row.owner_team_id, name: row.team_name ?? "" }
        : null,
    needsNewOwner:
      row.status === "open" &&
      row.owner_user_id !== null &&
      !(row.owner_status === "active" && row.owner_role !== null && (INBOX_ROLES as readonly string[]).includes(row.owner_role)),
    completedAt: row.completed_at,
    completedByName: row.completer_name,
    completionNote: row.completion_note,
    evidenceUrl: row.evidence_url,
    notApplicableReason: row.not_applicable_reason,
    overdue: isOverdue({ status: row.status, dueDate: row.due_date }, departure.status, today),
  }));
}

export function isOverdue(task: { status: TaskStatus; dueDate: CalendarDay }, departureStatus: DepartureStatus, today: CalendarDay) {
  return task.status === "open" && task.dueDate < today && departureStatus !== "cancelled";
}

export interface TaskProgress {
  total: number;
  done: number;
  notApplicable: number;
  /** Done + not applicable: what the progress bar fills. */
  finished: number;
  open: number;
  overdue: number;
  /** finished / total, 0–100, rounded down so that 100 means truly everything. */
  percent: number;
}

export function summariseTasks(tasks: readonly { status: TaskStatus; overdue: boolean }[]): TaskProgress {
  const done = tasks.filter((task) => task.status === "done").length;
  const notApplicable = tasks.filter((task) => task.status === "not_applicable").length;
  const finished = done + notApplicable;
  return {
    total: tasks.length,
    done,
    notApplicable,
    finished,
    open: tasks.length - finished,
    overdue: tasks.filter((task) => task.overdue).length,
    percent: tasks.length === 0 ? 0 : Math.floor((finished / tasks.length) * 100),
  };
}

/** Tasks by category, in the categories' fixed order, leaving out empty ones. */
export function groupTasksByCategory<T extends { category: TaskCategory }>(tasks: readonly T[]): { category: TaskCategory; tasks: T[] }[] {
  return TASK_CATEGORIES.map((category) => ({ category, tasks: tasks.filter((task) => task.category === category) })).filter(
    (group) => group.tasks.length > 0,
  );
}

// ---------------------------------------------------------------------------------------------
// HR's home page
// ---------------------------------------------------------------------------------------------

export const HOME_UPCOMING_DAYS = 14;

export interface DepartureFigures {
  total: number;
  inProgress: number;
  /** Planned or in progress, with the last day between today and today + HOME_UPCOMING_DAYS. */
  lastDaysSoon: number;
  /** Open tasks due before today, on departures that are not cancelled. */
  overdueTasks: number;
}

export async function departureFigures(db: DB, today: CalendarDay): Promise<DepartureFigures> {
  return readDepartureFigures(await db.selectNoFrom(departureFiguresSelection(today)).executeTakeFirstOrThrow());
}

/**
 * The figures as two JSON columns of a query without a table, so that a page showing them with other
 * counts (HR's home) reads everything in one round trip. `readDepartureFigures` turns a row holding
 * these columns into the figures.
 */
export function departureFiguresSelection(today: CalendarDay) {
  const soon = addCalendarDays(today, HOME_UPCOMING_DAYS);
  return (eb: ExpressionBuilder<Database, never>) => [
    jsonObjectFrom(
      eb
        .selectFrom("departures")
        .select([
          sql<number>`count(*)::int`.as("total"),
          sql<number>`(count(*) filter (where status = 'in_progress'))::int`.as("in_progress"),
          sql<number>`(count(*) filter (where status in ('planned', 'in_progress') and last_day between ${today}::date and ${soon}::date))::int`.as(
            "soon",
          ),
        ]),
    ).as("departure_counts"),
    jsonObjectFrom(
      eb
        .selectFrom("departure_tasks as t")
        .innerJoin("departures as d", "d.id", "t.departure_id")
        .select(sql<number>`count(*)::int`.as("overdue"))
        .where("t.status", "=", "open")
        .where("t.due_date", "<", today)
        .where("d.status", "<>", "cancelled"),
    ).as("task_counts"),
  ];
}

export function readDepartureFigures(row: {
  departure_counts: { total: number; in_progress: number; soon: number } | null;
  task_counts: { overdue: number } | null;
}): DepartureFigures {
  return {
    total: Number(row.departure_counts?.total ?? 0),
    inProgress: Number(row.departure_counts?.in_progress ?? 0),
    lastDaysSoon: Number(row.departure_counts?.soon ?? 0),
    overdueTasks: Number(row.task_counts?.overdue ?? 0),
  };
}

// ---------------------------------------------------------------------------------------------
// The departure form's choices
// ---------------------------------------------------------------------------------------------

/** The reasons HR may choose, in their configured order, labelled in the viewer's language. */
export async function listActiveReasons(db: DB, locale: AppLocale): Promise<{ code: string; label: string }[]> {
  return (await listActiveReasonLabels(db)).map(({ code, label }) => ({ code, label: (locale === "fr" ? label.fr : label.en) || label.en }));
}
