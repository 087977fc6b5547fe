import { sql, type Insertable, type Transaction } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { createExitInvitation, syncExitInvitation } from "~/modules/exit/invitations.server";
import { findUserByEmail, insertUser } from "~/modules/auth/users.server";
import type { AppLocale } from "~/modules/i18n/config";
import { translator } from "~/modules/i18n/translator";
import { getActiveExitSurveyVersion, type PublishedSurveyVersion } from "~/modules/surveys/surveys.server";
import { emitWebhookEvent } from "~/modules/webhooks/events.server";
import type { Database, DB } from "~/utils/db.server";
import { getDb, isUniqueViolation } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import type {
  ChecklistTemplate,
  ChecklistTemplateTask,
  Department,
  Departure,
  DeparturesTable,
  DepartureSource,
  DepartureTask,
  DepartureTasksTable,
  User,
} from "../../../db/schema";
import { todayIn, type CalendarDay } from "~/utils/calendar-days";
import { day as dayValue, DomainFailure, type Failure } from "~/utils/failures";
import { isConfirmed, unusualDates, type DateWindow, type UnusualDate, type WindowField } from "./date-window";
import { getDateWindow } from "./date-window.server";
import { departmentLineage, resolveDepartmentByName } from "./departments.server";
import { loadHolidays } from "./holidays.server";
import type { DepartureInput, DepartureUpdate } from "./schemas";
import { dueDateFor, redateOpenTasks, type DepartureDates } from "./task-scheduling";
import { templateMatches } from "./template-matching";
import { unusualDatesFailure } from "./unusual-date-failures";
import type { DepartureStatus, OverdueTasksChoice } from "./types";

/*
 * Refusals are DomainFailures (ADR 013), codes under `departure.` in failures.json:
 * - invalid: input that is well-formed but does not fit the data (unknown department or reason,
 *   dates in the wrong order, a status the departure's life does not allow, a last day the same
 *   person already has), and dates outside HR's window that nobody confirmed
 *   (`departure.unusualDate.*`, see unusual-date-failures.ts);
 * - conflict: the person already has a departure ending that day under another external id;
 * - refused: cancelling a departure whose status does not allow it;
 * - notFound: no departure with that id.
 */

export interface CreateDepartureOptions {
  actorUserId: string | null;
  source: DepartureSource;
  /** The company's today (tests pass a fixed day). */
  today?: CalendarDay;
  /**
   * The language of the note written on tasks closed as the departure is recorded (overdueTasks):
   * the actor's. English when not given. Refusals have no language: they are codes.
   */
  noteLocale?: AppLocale;
  /**
   * Reference data shared by many calls in a row (the CSV import creates thousands of departures):
   * without it every call reads templates, holidays, department lineage, the department and the
   * reason again. Results are the same either way, as long as the reference data does not change
   * while the cache lives: make a new one for each batch (createDepartureCache()).
   */
  cache?: DepartureCreationCache;
  /**
   * False for bulk callers that only count what was created (the CSV import): the tasks are written
   * but not read back, and the result's `tasks` is empty. Reading 14 rows back per departure is a
   * good part of an import's time on the embedded database.
   */
  returnTasks?: boolean;
  /**
   * A notice date, last day or termination date outside HR's window of usual dates is refused
   * (departure.unusualDate.*) unless confirmed: true confirms any date (the API's confirmUnusualDates, a
   * CSV preview HR confirmed), a string exactly the dates it names (unusualDatesKey: the form's box).
   */
  confirmUnusualDates?: boolean | string;
  /**
   * Tasks already due (before today) when a departure is recorded after the fact: left open (the
   * default), or closed at once as done or not applicable in the actor's name, so that their owners'
   * inboxes do not fill with work that is long over.
   */
  overdueTasks?: OverdueTasksChoice;
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
  /** The active exit survey every new departure is invited to (null: none is active). */
  exitSurvey?: PublishedSurveyVersion | null;
  /** HR's window of usual dates. */
  dateWindow?: DateWindow;
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
  const day = today(options);
  try {
    return await getDb()
      .transaction()
      .execute((trx) => createInTransaction(trx, input, options, day));
  } catch (error) {
    // Two identical requests raced past the existence check: the unique indexes decided.
    if (isUniqueViolation(error)) {
      const existing = await findExisting(getDb(), input);
      if (existing) return { ...existing, created: false, departmentCreated: false };
    }
    throw error;
  }
}

/**
 * createDeparture inside a transaction the caller holds, for bulk callers that commit many rows at
 * once (the CSV import, chunk by chunk). The departure is all-or-nothing within a savepoint: a row
 * that is refused or fails leaves nothing behind, and the transaction goes on with the next row.
 * Never call it with a transaction another createDepartureIn call is still using.
 */
export async function createDepartureIn(
  trx: Transaction<Database>,
  input: DepartureInput,
  options: CreateDepartureOptions,
): Promise<CreateDepartureResult> {
  const day = today(options);
  await sql`savepoint create_departure`.execute(trx);
  try {
    const result = await createInTransaction(trx, input, options, day);
    await sql`release savepoint create_departure`.execute(trx);
    return result;
  } catch (error) {
    await sql`rollback to savepoint create_departure`.execute(trx);
    await sql`release savepoint create_departure`.execute(trx);
    // Another writer recorded it since the existence check (the API, a second import).
    if (isUniqueViolation(error)) {
      const existing = await findExisting(trx, input);
      if (existing) return { ...existing, created: false, departmentCreated: false };
    }
    throw error;
  }
}

/**
 * Many new departures at once inside the caller's transaction (the CSV import, chunk by chunk): the
 * same records, tasks, invitations and audit entries as createDeparture row by row, with the lookups
 * shared and the departures and their tasks written in one statement each. All or nothing: when any
 * row is already recorded, would be refused, repeats another row's person, or meets a concurrent
 * writer, nothing is written and the answer is null; the caller then goes row by row
 * (createDepartureIn), which says what became of each row.
 */
export async function createDeparturesIn(
  trx: Transaction<Database>,
  inputs: readonly DepartureInput[],
  options: CreateDepartureOptions,
): Promise<CreateDepartureResult[] | null> {
  if (inputs.length === 0) return [];
  const day = today(options);
  const cache = options.cache ?? createDepartureCache();
  const rollBack = async () => {
    await sql`rollback to savepoint create_departures`.execute(trx);
    // A department one row created and the next found (and cached) is gone again.
    cache.departmentsByName.clear();
  };
  await sql`savepoint create_departures`.execute(trx);
  let results: CreateDepartureResult[] | null;
  try {
    results = await createManyInTransaction(trx, inputs, { ...options, cache }, day);
  } catch (error) {
    await rollBack();
    await sql`release savepoint create_departures`.execute(trx);
    if (isUniqueViolation(error)) return null;
    throw error;
  }
  if (!results) await rollBack();
  await sql`release savepoint create_departures`.execute(trx);
  return results;
}

async function createManyInTransaction(
  trx: Transaction<Database>,
  inputs: readonly DepartureInput[],
  options: CreateDepartureOptions & { cache: DepartureCreationCache },
  day: CalendarDay,
): Promise<CreateDepartureResult[] | null> {
  const emails = inputs.map((input) => input.employeeEmail.toLowerCase());
  const externalIds = inputs.flatMap((input) => (input.externalId ? [input.externalId] : []));
  // Two rows of one person share an account: row by row, the second finds the first's.
  if (new Set(emails).size !== emails.length || new Set(externalIds).size !== externalIds.length) return null;
  if (await anyRecorded(trx, inputs, externalIds)) return null;

  for (const input of inputs) {
    if ((await unconfirmedUnusualDates(trx, givenDates(input), options, day)).length > 0) return null;
  }

  const resolved: Array<{ departmentId: string; departmentCreated: boolean; reasonId: string | null }> = [];
  for (const input of inputs) {
    const failures: Failure[] = [];
    const { departmentId, departmentCreated } = await resolveDepartment(trx, input, failures, options.cache);
    const reasonId = await resolveReason(trx, input.reasonCode, failures, options.cache);
    if (failures.length > 0 || !departmentId) return null;
    resolved.push({ departmentId, departmentCreated, reasonId });
  }

  const accounts = await trx
    .selectFrom("users")
    .select(["id", "role", "locale", sql<string>`lower(email)`.as("key")])
    .where(sql<string>`lower(email)`, "in", emails)
    .execute();
  const accountByEmail = new Map(accounts.map((account) => [account.key, account]));
  const rows: Insertable<DeparturesTable>[] = [];
  for (const [index, input] of inputs.entries()) {
    const leaverUserId = await ensureLeaverAccount(trx, input, options, accountByEmail.get(emails[index]!) ?? null);
    rows.push(departureRow(input, { leaverUserId, day, ...resolved[index]! }, options));
  }
  const inserted = await trx.insertInto("departures").values(rows).returningAll().execute();
  const departureByEmail = new Map(inserted.map((departure) => [departure.employee_email.toLowerCase(), departure]));
  const departures = emails.map((email) => departureByEmail.get(email)!);

  const planned: Insertable<DepartureTasksTable>[][] = [];
  for (const departure of departures) planned.push(closeOverdue(await plannedTasks(trx, departure, options.cache), options, day));
  const { tasks } = await insertDepartureTasks(trx, planned.flat(), options.returnTasks ?? true);
  const results: CreateDepartureResult[] = [];
  for (const [index, departure] of departures.entries()) {
    const { departmentCreated } = resolved[index]!;
    await afterDepartureRecorded(trx, departure, { taskCount: planned[index]!.length, departmentCreated, day }, options);
    await auditClosedOnRecording(trx, departure.id, options);
    results.push({ departure, tasks: tasks.filter((task) => task.departure_id === departure.id), created: true, departmentCreated });
  }
  return results;
}

/** Whether any of these departures exists already, by external id or by person and last day. */
async function anyRecorded(trx: DB, inputs: readonly DepartureInput[], externalIds: string[]): Promise<boolean> {
  const people = inputs.map((input) => sql`(${input.employeeEmail.toLowerCase()}, ${input.lastDay}::date)`);
  const found = await trx
    .selectFrom("departures")
    .select("id")
    .where((eb) =>
      eb.or([
        ...(externalIds.length > 0 ? [eb("external_id", "in", externalIds)] : []),
        eb.and([eb("status", "<>", "cancelled"), sql<boolean>`(lower(employee_email), last_day) in (${sql.join(people)})`]),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return found !== undefined;
}

async function createInTransaction(
  trx: Transaction<Database>,
  input: DepartureInput,
  options: CreateDepartureOptions,
  day: CalendarDay,
): Promise<CreateDepartureResult> {
  const existing = await findExisting(trx, input);
  if (existing) return { ...existing, created: false, departmentCreated: false };

  // A new external id for a person who already has a departure ending that day is a conflict, not
  // a second departure (the natural key is unique): say so instead of failing on the index.
  if (input.externalId && (await findExisting(trx, { ...input, externalId: undefined }))) {
    throw DomainFailure.conflict("externalId", "departure.duplicatePersonLastDay", { lastDay: dayValue(input.lastDay) });
  }
  const unusual = await unconfirmedUnusualDates(trx, givenDates(input), options, day);
  if (unusual.length > 0) throw unusualDatesFailure(unusual);
  const failures: Failure[] = [];
  const { departmentId, departmentCreated } = await resolveDepartment(trx, input, failures, options.cache);
  const reasonId = await resolveReason(trx, input.reasonCode, failures, options.cache);
  if (failures.length > 0 || !departmentId) throw new DomainFailure("invalid", failures);

  const leaverUserId = await ensureLeaverAccount(trx, input, options);
  const departure = await trx
    .insertInto("departures")
    .values(departureRow(input, { leaverUserId, departmentId, reasonId, day }, options))
    .returningAll()
    .executeTakeFirstOrThrow();

  const { tasks, count } = await expandTemplates(trx, departure, options, day);
  await afterDepartureRecorded(trx, departure, { taskCount: count, departmentCreated, day }, options);
  // After the departure's own entry: the history reads "recorded the departure", then each closure.
  await auditClosedOnRecording(trx, departure.id, options);
  return { departure, tasks, created: true, departmentCreated };
}

/** The departures row for a validated input, the same whichever path records it. */
function departureRow(
  input: DepartureInput,
  resolved: { leaverUserId: string; departmentId: string; reasonId: string | null; day: CalendarDay },
  options: CreateDepartureOptions,
): Insertable<DeparturesTable> {
  const { day } = resolved;
  const noticeDate = input.noticeDate ?? (day < input.lastDay ? day : input.lastDay);
  return {
    leaver_user_id: resolved.leaverUserId,
    employee_email: input.employeeEmail,
    employee_name: input.employeeName,
    personal_email: input.personalEmail ?? null,
    department_id: resolved.departmentId,
    job_title: input.jobTitle ?? null,
    manager_email: input.managerEmail ?? null,
    location: input.location ?? null,
    hire_date: input.hireDate ?? null,
    notice_date: noticeDate,
    last_day: input.lastDay,
    // Not given: null, "the same as the last day", which moves with it.
    termination_date: input.terminationDate ?? null,
    type: input.type,
    reason_id: resolved.reasonId,
    regrettable: input.regrettable ?? null,
    eligible_for_rehire: input.eligibleForRehire ?? null,
    external_id: input.externalId ?? null,
    status: day >= noticeDate ? "in_progress" : "planned",
    created_by: options.actorUserId,
    source: options.source,
  };
}

/** What follows a new departure and its tasks, whichever path recorded them: the exit-flow invitation and the audit entry. */
async function afterDepartureRecorded(
  trx: Transaction<Database>,
  departure: Departure,
  facts: { taskCount: number; departmentCreated: boolean; day: CalendarDay },
  options: CreateDepartureOptions,
) {
  // Bulk callers look the survey up once per batch rather than once per departure.
  const activeSurvey = options.cache ? await cachedExitSurvey(trx, options.cache) : undefined;
  await createExitInvitation(trx, departure, { today: facts.day, activeSurvey });
  await recordAudit(trx, {
    actorUserId: options.actorUserId,
    action: "departure.created",
    subjectType: "departure",
    subjectId: departure.id,
    data: { source: options.source, tasks: facts.taskCount, departmentCreated: facts.departmentCreated },
  });
  await emitWebhookEvent(trx, {
    type: "departure.created",
    data: { departureId: departure.id, departmentId: departure.department_id, lastDay: departure.last_day, status: departure.status, source: departure.source },
  });
}

/** The dates the caller gave (a default notice date is today or the last day: never unusual of itself). */
function givenDates(input: DepartureInput): Partial<Record<WindowField, CalendarDay>> {
  return { noticeDate: input.noticeDate, lastDay: input.lastDay, terminationDate: input.terminationDate };
}

/** The dates outside HR's window that the options do not confirm (none when they confirm any). */
async function unconfirmedUnusualDates(
  db: DB,
  dates: Partial<Record<WindowField, CalendarDay | null | undefined>>,
  options: Pick<CreateDepartureOptions, "confirmUnusualDates" | "cache">,
  day: CalendarDay,
): Promise<UnusualDate[]> {
  if (options.confirmUnusualDates === true) return [];
  let window = options.cache?.dateWindow;
  if (!window) {
    window = await getDateWindow(db);
    if (options.cache) options.cache.dateWindow = window;
  }
  const unusual = unusualDates(dates, window, day);
  return isConfirmed(unusual, options.confirmUnusualDates) ? [] : unusual;
}

/**
 * The task rows with those already due before today closed, when the caller asked for it: done or
 * not applicable, in the actor's name, with a note saying why (in the actor's language).
 */
function closeOverdue(
  rows: Insertable<DepartureTasksTable>[],
  options: Pick<CreateDepartureOptions, "overdueTasks" | "actorUserId" | "noteLocale">,
  day: CalendarDay,
): Insertable<DepartureTasksTable>[] {
  const choice = options.overdueTasks ?? "open";
  if (choice === "open") return rows;
  const now = new Date();
  const note = translator(options.noteLocale ?? "en", "offboarding")("overdueTasks.note");
  return rows.map((row) =>
    row.due_date < day
      ? {
          ...row,
          status: choice,
          completed_at: now,
          completed_by: options.actorUserId,
          ...(choice === "done" ? { completion_note: note } : { not_applicable_reason: note }),
        }
      : row,
  );
}

/**
 * One timeline entry per task closed as the departure was recorded, as when an owner closes one
 * (task.completed / task.not_applicable), marked as closed on recording.
 */
async function auditClosedOnRecording(trx: DB, departureId: string, options: Pick<CreateDepartureOptions, "overdueTasks" | "actorUserId" | "source">) {
  if ((options.overdueTasks ?? "open") === "open") return;
  const closed = await trx
    .selectFrom("departure_tasks")
    .select(["id", "title_en", "title_fr", "status"])
    .where("departure_id", "=", departureId)
    .where("status", "<>", "open")
    .orderBy("due_date")
    .orderBy("position")
    .execute();
  for (const task of closed) {
    await recordAudit(trx, {
      actorUserId: options.actorUserId,
      action: task.status === "done" ? "task.completed" : "task.not_applicable",
      subjectType: "departure",
      subjectId: departureId,
      data: { taskId: task.id, taskTitle: task.title_en, taskTitleFr: task.title_fr, closedOnRecording: true, source: options.source },
    });
  }
}

async function cachedExitSurvey(trx: DB, cache: DepartureCreationCache): Promise<PublishedSurveyVersion | null> {
  if (cache.exitSurvey === undefined) cache.exitSurvey = (await getActiveExitSurveyVersion(trx)) ?? null;
  return cache.exitSurvey;
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
  failures: Failure[],
  cache?: DepartureCreationCache,
) {
  if (input.departmentId) {
    const found = await trx.selectFrom("departments").select("id").where("id", "=", input.departmentId).executeTakeFirst();
    if (!found) failures.push({ code: "departure.departmentMissing", field: "departmentId" });
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

async function resolveReason(
  trx: DB,
  code: string | undefined,
  failures: Failure[],
  cache?: DepartureCreationCache,
) {
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
  const codes = known.map((r) => r.code).join(", ");
  failures.push(
    codes
      ? { code: "departure.reasonUnknown", field: "reasonCode", values: { value: code, codes } }
      : { code: "departure.reasonNoneConfigured", field: "reasonCode", values: { value: code } },
  );
  return null;
}

/**
 * The leaver's account: created with role `leaver` in the language HR gave (else the company's), or
 * linked when it exists (an alumnus leaving again). An existing account keeps its language unless HR
 * gave one, and a change is audited: it decides the language of every email the person receives.
 * `known` is the account already looked up (null: there is none).
 */
async function ensureLeaverAccount(
  trx: DB,
  input: DepartureInput,
  options: Pick<CreateDepartureOptions, "actorUserId" | "source">,
  known?: Pick<User, "id" | "role" | "locale"> | null,
): Promise<string> {
  const existing = known === undefined ? await findUserByEmail(trx, input.employeeEmail) : known;
  if (!existing) {
    const locale = input.language ?? getEnv().COMPANY_LOCALE;
    const user = await insertUser(trx, { email: input.employeeEmail, name: input.employeeName, role: "leaver", locale });
    return user.id;
  }
  const role = existing.role === "alumnus" ? "leaver" : existing.role;
  const locale = input.language ?? existing.locale;
  if (role !== existing.role || locale !== existing.locale) {
    await trx.updateTable("users").set({ role, locale, updated_at: new Date() }).where("id", "=", existing.id).execute();
  }
  if (locale !== existing.locale) {
    await recordAudit(trx, {
      actorUserId: options.actorUserId,
      action: "user.language_changed",
      subjectType: "user",
      subjectId: existing.id,
      data: { changes: { locale: [existing.locale, locale] }, source: options.source },
    });
  }
  return existing.id;
}

/** Every task of every active template whose conditions match, dated from the departure's dates. */
async function expandTemplates(
  trx: DB,
  departure: Departure,
  options: Pick<CreateDepartureOptions, "cache" | "returnTasks" | "overdueTasks" | "actorUserId" | "noteLocale">,
  day: CalendarDay,
): Promise<{ tasks: DepartureTask[]; count: number }> {
  const returnTasks = options.returnTasks ?? true;
  if (options.cache) return insertDepartureTasks(trx, closeOverdue(await plannedTasks(trx, departure, options.cache), options, day), returnTasks);
  const [templates, lineage, holidays] = await Promise.all([
    trx.selectFrom("checklist_templates").selectAll().where("active", "=", true).execute(),
    departmentLineage(trx, departure.department_id),
    loadHolidays(trx),
  ]);
  const matching = templates.filter((template) =>
    templateMatches(template, { type: departure.type, departmentLineage: lineage, location: departure.location }),
  );
  if (matching.length === 0) return { tasks: [], count: 0 };
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
  return insertDepartureTasks(trx, closeOverdue(taskRows(departure, templateTasks, holidays), options, day), returnTasks);
}

/** The same expansion from cached reference data (every active template's tasks loaded once, filtered here), as rows to insert. */
async function plannedTasks(trx: DB, departure: Departure, cache: DepartureCreationCache): Promise<Insertable<DepartureTasksTable>[]> {
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
  return taskRows(departure, templateTasks, cache.holidays);
}

function taskRows(departure: Departure, templateTasks: ChecklistTemplateTask[], holidays: Set<CalendarDay>): Insertable<DepartureTasksTable>[] {
  const dates = datesOf(departure);
  return templateTasks.map((task, index) => ({
    departure_id: departure.id,
    template_task_id: task.id,
    // Both languages: the owner's inbox and HR's pages show the one each reader uses.
    title_en: task.title_en,
    title_fr: task.title_fr,
    description_en: task.description_en,
    description_fr: task.description_fr,
    category: task.category,
    owner_user_id: task.owner_user_id,
    owner_team_id: task.owner_team_id,
    anchor: task.anchor,
    offset_business_days: task.offset_business_days,
    before_last_day: task.before_last_day,
    position: index,
    due_date: dueDateFor(task, dates, holidays),
  }));
}

/** Rows per insert: 12 parameters a row stays far below PostgreSQL's 65,535 parameters a statement. */
const TASK_ROWS_PER_INSERT = 2_000;

async function insertDepartureTasks(
  trx: DB,
  rows: Insertable<DepartureTasksTable>[],
  returnTasks: boolean,
): Promise<{ tasks: DepartureTask[]; count: number }> {
  const tasks: DepartureTask[] = [];
  for (let start = 0; start < rows.length; start += TASK_ROWS_PER_INSERT) {
    const insert = trx.insertInto("departure_tasks").values(rows.slice(start, start + TASK_ROWS_PER_INSERT));
    if (returnTasks) tasks.push(...(await insert.returningAll().execute()));
    else await insert.execute();
  }
  return { tasks, count: rows.length };
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

export interface UpdateDepartureOptions {
  actorUserId: string | null;
  source?: DepartureSource;
  /** As for createDeparture: a changed date outside HR's window needs this confirmation. */
  confirmUnusualDates?: boolean | string;
  /** The company's today (tests pass a fixed day). */
  today?: CalendarDay;
}

/**
 * Changes a departure's dates or status. Open tasks follow the new dates; done ones keep theirs.
 * A termination date of null follows the last day (see departure-dates.ts); undefined keeps it.
 * Every change is written to the audit log with its before and after values.
 */
export async function updateDeparture(id: string, patch: DepartureUpdate, options: UpdateDepartureOptions): Promise<UpdateDepartureResult> {
  const day = today(options);
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const current = await trx.selectFrom("departures").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      if (!current) throw DomainFailure.notFound("departure.notFound");
      const next = {
        notice_date: patch.noticeDate ?? current.notice_date,
        last_day: patch.lastDay ?? current.last_day,
        termination_date: patch.terminationDate === undefined ? current.termination_date : patch.terminationDate,
        status: patch.status ?? current.status,
      };
      const failures: Failure[] = [];
      const lastDayBeforeNotice = next.last_day < next.notice_date;
      if (lastDayBeforeNotice) failures.push({ code: "departure.lastDayBeforeNotice", field: "lastDay", values: { notice: dayValue(next.notice_date) } });
      if (next.termination_date !== null && next.termination_date < next.last_day) {
        failures.push({ code: "departure.terminationBeforeLastDay", field: "terminationDate", values: { lastDay: dayValue(next.last_day) } });
      }
      if (next.status !== current.status && !ALLOWED_TRANSITIONS[current.status].includes(next.status)) {
        failures.push({ code: "departure.statusTransition", field: "status", values: { from: current.status, to: next.status } });
      }
      // One departure per person and last day (the natural key): say so rather than fail on the index.
      const keyChanges = next.last_day !== current.last_day || (current.status === "cancelled" && next.status !== "cancelled");
      if (keyChanges && next.status !== "cancelled" && !lastDayBeforeNotice) {
        const twin = await trx
          .selectFrom("departures")
          .select("id")
          .where(sql<string>`lower(employee_email)`, "=", current.employee_email.toLowerCase())
          .where("last_day", "=", next.last_day)
          .where("status", "<>", "cancelled")
          .where("id", "<>", id)
          .executeTakeFirst();
        if (twin) failures.push({ code: "departure.lastDayTaken", field: "lastDay", values: { lastDay: dayValue(next.last_day) } });
      }
      if (failures.length > 0) throw new DomainFailure("invalid", failures);
      // Only the dates that change are checked: a departure recorded long ago keeps its dates.
      const changed = (before: CalendarDay | null, after: CalendarDay | null) => (after !== before ? after : undefined);
      const unusual = await unconfirmedUnusualDates(
        trx,
        {
          noticeDate: changed(current.notice_date, next.notice_date),
          lastDay: changed(current.last_day, next.last_day),
          terminationDate: changed(current.termination_date, next.termination_date),
        },
        options,
        day,
      );
      if (unusual.length > 0) throw unusualDatesFailure(unusual);

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
      await syncExitInvitation(trx, departure);
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: next.status === "cancelled" && current.status !== "cancelled" ? "departure.cancelled" : "departure.updated",
        subjectType: "departure",
        subjectId: id,
        // The source tells the timeline who acted when there is no user (the HR system's API).
        data: { changes, redatedTasks: moved.length, source: options.source ?? "web" },
      });
      if (departure.status === "completed" && current.status !== "completed") {
        await emitWebhookEvent(trx, { type: "departure.completed", data: { departureId: id, lastDay: departure.last_day } });
      }
      return { departure, tasks: await listDepartureTasks(trx, id), redated: moved.length };
    });
}

/**
 * Cancels a departure. Only its status can stand in the way (a completed departure is not
 * cancelled): that is the record's state refusing, not the caller's input, hence `refused` (409).
 */
export async function cancelDeparture(id: string, options: UpdateDepartureOptions): Promise<UpdateDepartureResult> {
  try {
    return await updateDeparture(id, { status: "cancelled" }, options);
  } catch (error) {
    if (error instanceof DomainFailure && error.kind === "invalid") throw new DomainFailure("refused", error.failures);
    throw error;
  }
}

/**
 * Sets (or, with null, removes) the departure's personal address: after the last day it is the only
 * one the exit flow's emails can go to, and an invitation or reminder held back for want of it goes
 * out at the next hourly run (invitation-run.server). `personalEmail` is already validated
 * (personalEmailFormSchema). The audit log says that it changed, not what it is: the address is
 * personal data the departure already holds. Returns whether anything changed.
 */
export async function updateDeparturePersonalEmail(
  id: string,
  personalEmail: string | null,
  options: { actorUserId: string | null; source?: DepartureSource },
): Promise<{ changed: boolean }> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const current = await trx.selectFrom("departures").select(["id", "personal_email"]).where("id", "=", id).forUpdate().executeTakeFirst();
      if (!current) throw DomainFailure.notFound("departure.notFound");
      const next = personalEmail?.trim() || null;
      if ((current.personal_email ?? null) === next) return { changed: false };
      await trx.updateTable("departures").set({ personal_email: next, updated_at: new Date() }).where("id", "=", id).execute();
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: "departure.updated",
        subjectType: "departure",
        subjectId: id,
        data: { changes: { personal_email: true }, source: options.source ?? "web" },
      });
      return { changed: true };
    });
}
