import { sql, type Transaction } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { findUserByEmail, insertUser } from "~/modules/auth/users.server";
import { translator } from "~/modules/i18n/translator";
import type { Database, DB } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import type { ChecklistTemplate, ChecklistTemplateTask, Department, Departure, DepartureSource, DepartureTask } from "../../../db/schema";
import { todayIn, type CalendarDay } from "./business-days";
import { departmentLineage, resolveDepartmentByName } from "./departments.server";
import { loadHolidays } from "./holidays.server";
import type { DepartureInput, DepartureUpdate, Translate } from "./schemas";
import { dueDateFor, redateOpenTasks, type DepartureDates } from "./task-scheduling";
import { templateMatches } from "./template-matching";
import type { DepartureStatus } from "./types";

/** Input that is well-formed but does not fit the data (unknown department id, reason, bad dates). */
export class DepartureValidationError extends Error {
  constructor(public readonly fieldErrors: Record<string, string[]>) {
    super(
      Object.entries(fieldErrors)
        .map(([field, messages]) => `${field}: ${messages.join(" ")}`)
        .join("; "),
    );
    this.name = "DepartureValidationError";
  }
}

/** The person already has a departure ending that day under another external id (HTTP 409 in the API). */
export class DepartureConflictError extends DepartureValidationError {
  constructor(fieldErrors: Record<string, string[]>) {
    super(fieldErrors);
    this.name = "DepartureConflictError";
  }
}

export class DepartureNotFoundError extends Error {
  constructor(id: string) {
    super(`No departure ${id}`);
    this.name = "DepartureNotFoundError";
  }
}

export interface CreateDepartureOptions {
  actorUserId: string | null;
  source: DepartureSource;
  /** The company's today (tests pass a fixed day). */
  today?: CalendarDay;
  t?: Translate;
  /**
   * Reference data shared by many calls in a row (the CSV import creates thousands of departures):
   * without it every call reads templates, holidays, department lineage, the department and the
   * reason again. Results are the same either way, as long as the reference data does not change
   * while the cache lives: make a new one for each batch (createDepartureCache()).
   */
  cache?: DepartureCreationCache;
}

/**
 * Reference data loaded on first use and kept for the next calls. Only committed rows go in: a
 * department created by a call whose transaction may still roll back is looked up again next time.
 */
export interface DepartureCreationCache {
  templates?: { templates: ChecklistTemplate[]; tasks: ChecklistTemplateTask[] };
  holidays?: Set<CalendarDay>;
  /** Department id → its lineage (departmentLineage). */
  lineages: Map<string, string[]>;
  /** Lower-cased name → an existing department. */
  departmentsByName: Map<string, Department>;
  /** Lower-cased code → the id of an active reason. */
  reasonIds: Map<string, string>;
}

export function createDepartureCache(): DepartureCreationCache {
  return { lineages: new Map(), departmentsByName: new Map(), reasonIds: new Map() };
}

export interface CreateDepartureResult {
  departure: Departure;
  tasks: DepartureTask[];
  /** False when the same departure already existed (same external id, or same person and last day). */
  created: boolean;
  /** True when the department name was unknown and a department was created for HR to review. */
  departmentCreated: boolean;
}

function today(options: { today?: CalendarDay }): CalendarDay {
  return options.today ?? todayIn(getEnv().COMPANY_TIME_ZONE);
}

/**
 * Records a departure and expands every matching checklist template into dated tasks, in one
 * transaction. Idempotent: the same external id, or the same person with the same last day, returns
 * the existing departure unchanged.
 */
export async function createDeparture(input: DepartureInput, options: CreateDepartureOptions): Promise<CreateDepartureResult> {
  const t = options.t ?? translator("en", "offboarding");
  const day = today(options);
  try {
    return await getDb()
      .transaction()
      .execute((trx) => createInTransaction(trx, input, options, t, day));
  } catch (error) {
    // Two identical requests raced past the existence check: the unique indexes decided.
    if (isUniqueViolation(error)) {
      const existing = await findExisting(getDb(), input);
      if (existing) return { ...existing, created: false, departmentCreated: false };
    }
    throw error;
  }
}

async function createInTransaction(
  trx: Transaction<Database>,
  input: DepartureInput,
  options: CreateDepartureOptions,
  t: Translate,
  day: CalendarDay,
): Promise<CreateDepartureResult> {
  const existing = await findExisting(trx, input);
  if (existing) return { ...existing, created: false, departmentCreated: false };

  // A new external id for a person who already has a departure ending that day is a conflict, not
  // a second departure (the natural key is unique): say so instead of failing on the index.
  if (input.externalId && (await findExisting(trx, { ...input, externalId: undefined }))) {
    throw new DepartureConflictError({ externalId: [t("validation.duplicatePersonLastDay", { date: input.lastDay })] });
  }
  const errors: Record<string, string[]> = {};
  const { departmentId, departmentCreated } = await resolveDepartment(trx, input, errors, t, options.cache);
  const reasonId = await resolveReason(trx, input.reasonCode, errors, options.cache);
  const noticeDate = input.noticeDate ?? (day < input.lastDay ? day : input.lastDay);
  const terminationDate = input.terminationDate ?? input.lastDay;
  if (Object.keys(errors).length > 0 || !departmentId) throw new DepartureValidationError(errors);

  const leaverUserId = await ensureLeaverAccount(trx, input);
  const departure = await trx
    .insertInto("departures")
    .values({
      leaver_user_id: leaverUserId,
      employee_email: input.employeeEmail,
      employee_name: input.employeeName,
      personal_email: input.personalEmail ?? null,
      department_id: departmentId,
      job_title: input.jobTitle ?? null,
      manager_email: input.managerEmail ?? null,
      location: input.location ?? null,
      hire_date: input.hireDate ?? null,
      notice_date: noticeDate,
      last_day: input.lastDay,
      termination_date: terminationDate,
      type: input.type,
      reason_id: reasonId,
      regrettable: input.regrettable ?? null,
      eligible_for_rehire: input.eligibleForRehire ?? null,
      external_id: input.externalId ?? null,
      status: day >= noticeDate ? "in_progress" : "planned",
      created_by: options.actorUserId,
      source: options.source,
    })
    .returningAll()
    .executeTakeFirstOrThrow();

  const tasks = await expandTemplates(trx, departure, options.cache);
  await recordAudit(trx, {
    actorUserId: options.actorUserId,
    action: "departure.created",
    subjectType: "departure",
    subjectId: departure.id,
    data: { source: options.source, tasks: tasks.length, departmentCreated },
  });
  return { departure, tasks, created: true, departmentCreated };
}

async function findExisting(db: DB, input: DepartureInput): Promise<{ departure: Departure; tasks: DepartureTask[] } | undefined> {
  let query = db.selectFrom("departures").selectAll();
  query = input.externalId
    ? query.where("external_id", "=", input.externalId)
    : query
        .where(sql<string>`lower(employee_email)`, "=", input.employeeEmail.toLowerCase())
        .where("last_day", "=", input.lastDay)
        .where("status", "<>", "cancelled");
  const departure = await query.executeTakeFirst();
  if (!departure) return undefined;
  return { departure, tasks: await listDepartureTasks(db, departure.id) };
}

async function resolveDepartment(
  trx: DB,
  input: DepartureInput,
  errors: Record<string, string[]>,
  t: Translate,
  cache?: DepartureCreationCache,
) {
  if (input.departmentId) {
    const found = await trx.selectFrom("departments").select("id").where("id", "=", input.departmentId).executeTakeFirst();
    if (!found) errors.departmentId = [t("validation.departmentMissing")];
    return { departmentId: found?.id, departmentCreated: false };
  }
  const cacheKey = input.departmentName!.trim().replace(/\s+/g, " ").toLowerCase();
  const cached = cache?.departmentsByName.get(cacheKey);
  if (cached) return { departmentId: cached.id, departmentCreated: false };
  const { department, created } = await resolveDepartmentByName(trx, input.departmentName!, getEnv().COMPANY_NAME);
  // A department created in this transaction is not cached: the transaction may still roll back.
  if (cache && !created) cache.departmentsByName.set(cacheKey, department);
  return { departmentId: department.id, departmentCreated: created };
}

async function resolveReason(trx: DB, code: string | undefined, errors: Record<string, string[]>, cache?: DepartureCreationCache) {
  if (!code) return null;
  const cachedId = cache?.reasonIds.get(code.toLowerCase());
  if (cachedId) return cachedId;
  const reason = await trx
    .selectFrom("departure_reasons")
    .select("id")
    .where(sql<string>`lower(code)`, "=", code.toLowerCase())
    .where("active", "=", true)
    .executeTakeFirst();
  if (reason) cache?.reasonIds.set(code.toLowerCase(), reason.id);
  if (reason) return reason.id;
  const known = await trx.selectFrom("departure_reasons").select("code").where("active", "=", true).orderBy("position").execute();
  errors.reasonCode = [`Unknown reason "${code}". Use one of: ${known.map((r) => r.code).join(", ") || "(no reasons configured)"}.`];
  return null;
}

/** The leaver's account: created with role `leaver`, or linked when it exists (an alumnus leaving again). */
async function ensureLeaverAccount(trx: DB, input: DepartureInput): Promise<string> {
  const existing = await findUserByEmail(trx, input.employeeEmail);
  if (!existing) {
    const user = await insertUser(trx, { email: input.employeeEmail, name: input.employeeName, role: "leaver" });
    return user.id;
  }
  if (existing.role === "alumnus") {
    await trx.updateTable("users").set({ role: "leaver", updated_at: new Date() }).where("id", "=", existing.id).execute();
  }
  return existing.id;
}

/** Every task of every active template whose conditions match, dated from the departure's dates. */
async function expandTemplates(trx: DB, departure: Departure, cache?: DepartureCreationCache): Promise<DepartureTask[]> {
  if (cache) return expandTemplatesCached(trx, departure, cache);
  const [templates, lineage, holidays] = await Promise.all([
    trx.selectFrom("checklist_templates").selectAll().where("active", "=", true).execute(),
    departmentLineage(trx, departure.department_id),
    loadHolidays(trx),
  ]);
  const matching = templates.filter((template) =>
    templateMatches(template, { type: departure.type, departmentLineage: lineage, location: departure.location }),
  );
  if (matching.length === 0) return [];
  const templateTasks = await trx
    .selectFrom("checklist_template_tasks")
    .selectAll()
    .where(
      "template_id",
      "in",
      matching.map((m) => m.id),
    )
    .orderBy("template_id")
    .orderBy("position")
    .execute();
  return insertDepartureTasks(trx, departure, templateTasks, holidays);
}

/** The same expansion from cached reference data: every active template's tasks loaded once, filtered here. */
async function expandTemplatesCached(trx: DB, departure: Departure, cache: DepartureCreationCache): Promise<DepartureTask[]> {
  if (!cache.templates) {
    const templates = await trx.selectFrom("checklist_templates").selectAll().where("active", "=", true).execute();
    const tasks =
      templates.length === 0
        ? []
        : await trx
            .selectFrom("checklist_template_tasks")
            .selectAll()
            .where(
              "template_id",
              "in",
              templates.map((template) => template.id),
            )
            .orderBy("template_id")
            .orderBy("position")
            .execute();
    cache.templates = { templates, tasks };
  }
  cache.holidays ??= await loadHolidays(trx);
  let lineage = cache.lineages.get(departure.department_id);
  if (!lineage) {
    lineage = await departmentLineage(trx, departure.department_id);
    cache.lineages.set(departure.department_id, lineage);
  }
  const departmentLineageIds = lineage;
  const matching = new Set(
    cache.templates.templates
      .filter((template) =>
        templateMatches(template, { type: departure.type, departmentLineage: departmentLineageIds, location: departure.location }),
      )
      .map((template) => template.id),
  );
  // Same order as the uncached query: by template id, then position.
  const templateTasks = cache.templates.tasks.filter((task) => matching.has(task.template_id));
  return insertDepartureTasks(trx, departure, templateTasks, cache.holidays);
}

async function insertDepartureTasks(
  trx: DB,
  departure: Departure,
  templateTasks: ChecklistTemplateTask[],
  holidays: Set<CalendarDay>,
): Promise<DepartureTask[]> {
  if (templateTasks.length === 0) return [];
  const dates = datesOf(departure);
  return trx
    .insertInto("departure_tasks")
    .values(
      templateTasks.map((task, index) => ({
        departure_id: departure.id,
        template_task_id: task.id,
        title: task.title,
        description: task.description,
        category: task.category,
        owner_user_id: task.owner_user_id,
        owner_team_id: task.owner_team_id,
        anchor: task.anchor,
        offset_business_days: task.offset_business_days,
        before_last_day: task.before_last_day,
        position: index,
        due_date: dueDateFor(task, dates, holidays),
      })),
    )
    .returningAll()
    .execute();
}

function datesOf(departure: Pick<Departure, "notice_date" | "last_day" | "termination_date">): DepartureDates {
  return { notice_date: departure.notice_date, last_day: departure.last_day, termination_date: departure.termination_date };
}

export function listDepartureTasks(db: DB, departureId: string): Promise<DepartureTask[]> {
  return db
    .selectFrom("departure_tasks")
    .selectAll()
    .where("departure_id", "=", departureId)
    .orderBy("due_date")
    .orderBy("position")
    .execute();
}

export function findDeparture(db: DB, id: string): Promise<Departure | undefined> {
  return db.selectFrom("departures").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Which status may follow which: forward through the life of a departure, or cancelled. */
const ALLOWED_TRANSITIONS: Record<DepartureStatus, DepartureStatus[]> = {
  planned: ["in_progress", "completed", "cancelled"],
  in_progress: ["completed", "cancelled", "planned"],
  completed: ["in_progress"],
  cancelled: ["planned"],
};

export interface UpdateDepartureResult {
  departure: Departure;
  tasks: DepartureTask[];
  /** Open tasks whose due date moved. */
  redated: number;
}

/**
 * Changes a departure's dates or status. Open tasks follow the new dates; done ones keep theirs.
 * Every change is written to the audit log with its before and after values.
 */
export async function updateDeparture(
  id: string,
  patch: DepartureUpdate,
  options: { actorUserId: string | null; t?: Translate; source?: DepartureSource },
): Promise<UpdateDepartureResult> {
  const t = options.t ?? translator("en", "offboarding");
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const current = await trx.selectFrom("departures").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      if (!current) throw new DepartureNotFoundError(id);
      const next = {
        notice_date: patch.noticeDate ?? current.notice_date,
        last_day: patch.lastDay ?? current.last_day,
        termination_date: patch.terminationDate ?? current.termination_date,
        status: patch.status ?? current.status,
      };
      const errors: Record<string, string[]> = {};
      if (next.last_day < next.notice_date) errors.lastDay = [t("validation.lastDayBeforeNotice", { date: next.notice_date })];
      if (next.termination_date < next.last_day) {
        errors.terminationDate = [t("validation.terminationBeforeLastDay", { date: next.last_day })];
      }
      if (next.status !== current.status && !ALLOWED_TRANSITIONS[current.status].includes(next.status)) {
        errors.status = [t("validation.statusTransition", { from: current.status, to: next.status })];
      }
      if (Object.keys(errors).length > 0) throw new DepartureValidationError(errors);

      const changes: Record<string, [unknown, unknown]> = {};
      for (const key of ["notice_date", "last_day", "termination_date", "status"] as const) {
        if (next[key] !== current[key]) changes[key] = [current[key], next[key]];
      }
      if (Object.keys(changes).length === 0) {
        return { departure: current, tasks: await listDepartureTasks(trx, id), redated: 0 };
      }
      const departure = await trx
        .updateTable("departures")
        .set({ ...next, updated_at: new Date() })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();

      const holidays = await loadHolidays(trx);
      const moved = redateOpenTasks(await listDepartureTasks(trx, id), datesOf(departure), holidays);
      for (const task of moved) {
        await trx.updateTable("departure_tasks").set({ due_date: task.due_date, updated_at: new Date() }).where("id", "=", task.id).execute();
      }
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: next.status === "cancelled" && current.status !== "cancelled" ? "departure.cancelled" : "departure.updated",
        subjectType: "departure",
        subjectId: id,
        // The source tells the timeline who acted when there is no user (the HR system's API).
        data: { changes, redatedTasks: moved.length, source: options.source ?? "web" },
      });
      return { departure, tasks: await listDepartureTasks(trx, id), redated: moved.length };
    });
}

export function cancelDeparture(id: string, options: { actorUserId: string | null; source?: DepartureSource }) {
  return updateDeparture(id, { status: "cancelled" }, options);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "23505";
}
