import { parseWithZod, type SubmissionResult } from "@conform-to/zod/v4";
import { sql, type ExpressionBuilder } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { z } from "zod";
import { recordAudit } from "~/modules/auth/audit.server";
import type { AppLocale } from "~/modules/i18n/config";
import { failureReply } from "~/modules/i18n/failure-reply.server";
import { translator } from "~/modules/i18n/translator";
import type { Database, DB } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import { DomainFailure, isDomainFailure } from "~/utils/failures";
import type { Departure, DepartureTask } from "../../../db/schema";
import { confirmationSchema, taskFormSchema } from "./departure-forms";
import { loadHolidays } from "./holidays.server";
import type { TaskDefinition } from "./schemas";
import { dueDateFor } from "./task-scheduling";

/**
 * HR's changes to the tasks of ONE departure: add a task the templates did not have, edit a
 * task's definition, remove a task. Templates are never touched. Each change is one transaction
 * with its audit entry (`departure.task_added|task_updated|task_removed`), recorded against the
 * departure so that its history keeps the line even after the task is gone.
 */

export interface TaskAdminOptions {
  actorUserId: string | null;
}

/** The task is not on this departure (removed meanwhile, or an id that never was). */
function taskNotFound(taskId: string): DomainFailure {
  return DomainFailure.notFound("departureTask.notFound", { taskId });
}

export interface OwnerOptions {
  teams: { id: string; name: string }[];
  people: { id: string; name: string }[];
}

/** Who can own a task: every team, and staff accounts that are not disabled (bounded). */
export async function listTaskOwnerOptions(db: DB): Promise<OwnerOptions> {
  return readTaskOwnerOptions(await db.selectNoFrom(taskOwnerOptionsSelection).executeTakeFirstOrThrow());
}

/** The teams and the staff a task may go to, as two JSON columns: one round trip, beside other columns if a page wants. */
export function taskOwnerOptionsSelection(eb: ExpressionBuilder<Database, never>) {
  return [
    jsonArrayFrom(eb.selectFrom("teams").select(["id", "name"]).orderBy(sql`lower(name)`).limit(500)).as("owner_teams"),
    jsonArrayFrom(
      eb
        .selectFrom("users")
        .select(["id", "name"])
        .where("role", "in", ["hr_admin", "task_owner"])
        .where("status", "<>", "disabled")
        .orderBy(sql`lower(name)`)
        .limit(500),
    ).as("owner_people"),
  ];
}

export function readTaskOwnerOptions(row: { owner_teams: OwnerOptions["teams"]; owner_people: OwnerOptions["people"] }): OwnerOptions {
  return { teams: row.owner_teams, people: row.owner_people };
}

async function assertOwnerExists(trx: DB, definition: TaskDefinition) {
  const found = definition.ownerUserId
    ? await trx
        .selectFrom("users")
        .select("id")
        .where("id", "=", definition.ownerUserId)
        .where("role", "in", ["hr_admin", "task_owner"])
        .where("status", "<>", "disabled")
        .executeTakeFirst()
    : await trx.selectFrom("teams").select("id").where("id", "=", definition.ownerTeamId!).executeTakeFirst();
  if (!found) throw DomainFailure.invalid("ownerUserId", "departureTask.ownerUnknown");
}

async function lockDeparture(trx: DB, departureId: string): Promise<Departure> {
  const departure = await trx.selectFrom("departures").selectAll().where("id", "=", departureId).forUpdate().executeTakeFirst();
  if (!departure) throw DomainFailure.notFound("departure.notFound");
  return departure;
}

function definitionColumns(definition: TaskDefinition) {
  return {
    title_en: definition.titleEn,
    title_fr: definition.titleFr,
    description_en: definition.descriptionEn,
    description_fr: definition.descriptionFr,
    category: definition.category,
    owner_user_id: definition.ownerUserId ?? null,
    owner_team_id: definition.ownerTeamId ?? null,
    anchor: definition.anchor,
    offset_business_days: definition.offsetBusinessDays,
    before_last_day: definition.beforeLastDay,
  };
}

/** How the history names a task: its title in both languages, as it was then (timeline.server reads them). */
function taskTitles(task: { title_en: string; title_fr: string }) {
  return { title: task.title_en, titleFr: task.title_fr };
}

/** Adds a task to one departure, dated from its dates like a template's task would be. */
export async function addDepartureTask(departureId: string, definition: TaskDefinition, options: TaskAdminOptions): Promise<DepartureTask> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const departure = await lockDeparture(trx, departureId);
      await assertOwnerExists(trx, definition);
      const holidays = await loadHolidays(trx);
      const columns = definitionColumns(definition);
      const { next } = await trx
        .selectFrom("departure_tasks")
        .select(sql<number>`coalesce(max(position) + 1, 0)::int`.as("next"))
        .where("departure_id", "=", departureId)
        .executeTakeFirstOrThrow();
      const task = await trx
        .insertInto("departure_tasks")
        .values({
          ...columns,
          departure_id: departureId,
          template_task_id: null,
          position: Number(next),
          due_date: dueDateFor(columns, departure, holidays),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx.updateTable("departures").set({ updated_at: new Date() }).where("id", "=", departureId).execute();
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: "departure.task_added",
        subjectType: "departure",
        subjectId: departureId,
        data: { taskId: task.id, ...taskTitles(task), category: task.category, changes: { due_date: [null, task.due_date] } },
      });
      return task;
    });
}

/** Fields whose old and new values the history shows; the others only say "changed". */
const SHOWN_CHANGES = ["title_en", "title_fr", "category", "anchor", "offset_business_days", "before_last_day", "due_date"] as const;

/**
 * Replaces a task's definition. An open task is re-dated from its new anchor and offset; a done or
 * not-applicable one keeps its date, which records when it was due.
 */
export async function updateDepartureTask(
  departureId: string,
  taskId: string,
  definition: TaskDefinition,
  options: TaskAdminOptions,
): Promise<{ task: DepartureTask; changed: boolean }> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const departure = await lockDeparture(trx, departureId);
      const current = await trx
        .selectFrom("departure_tasks")
        .selectAll()
        .where("id", "=", taskId)
        .where("departure_id", "=", departureId)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw taskNotFound(taskId);
      await assertOwnerExists(trx, definition);
      const columns = definitionColumns(definition);
      const dueDate = current.status === "open" ? dueDateFor(columns, departure, await loadHolidays(trx)) : current.due_date;
      const next = { ...columns, due_date: dueDate };

      const changes: Record<string, [unknown, unknown] | true> = {};
      for (const field of SHOWN_CHANGES) {
        if (next[field] !== current[field]) changes[field] = [current[field], next[field]];
      }
      // The description can be long and the owner is an id: the history says they changed.
      if (next.description_en !== current.description_en || next.description_fr !== current.description_fr) changes.description = true;
      if (next.owner_user_id !== current.owner_user_id || next.owner_team_id !== current.owner_team_id) changes.owner = true;
      if (Object.keys(changes).length === 0) return { task: current, changed: false };

      const task = await trx
        .updateTable("departure_tasks")
        .set({ ...next, updated_at: new Date() })
        .where("id", "=", taskId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx.updateTable("departures").set({ updated_at: new Date() }).where("id", "=", departureId).execute();
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: "departure.task_updated",
        subjectType: "departure",
        subjectId: departureId,
        data: { taskId, ...taskTitles(task), changes },
      });
      return { task, changed: true };
    });
}

/** Removes a task from one departure (and so from its owner's inbox). */
export async function removeDepartureTask(departureId: string, taskId: string, options: TaskAdminOptions): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await lockDeparture(trx, departureId);
      const removed = await trx
        .deleteFrom("departure_tasks")
        .where("id", "=", taskId)
        .where("departure_id", "=", departureId)
        .returning(["id", "title_en", "title_fr", "status"])
        .executeTakeFirst();
      if (!removed) throw taskNotFound(taskId);
      await trx.updateTable("departures").set({ updated_at: new Date() }).where("id", "=", departureId).execute();
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: "departure.task_removed",
        subjectType: "departure",
        subjectId: departureId,
        data: { taskId, ...taskTitles(removed), taskStatus: removed.status },
      });
    });
}

/** One task of one departure, for its edit page. */
export function findDepartureTask(db: DB, departureId: string, taskId: string): Promise<DepartureTask | undefined> {
  return db.selectFrom("departure_tasks").selectAll().where("id", "=", taskId).where("departure_id", "=", departureId).executeTakeFirst();
}

export type TaskIntentOutcome =
  | { ok: true; notice: "taskAdded" | "taskUpdated" | "taskRemoved"; taskId: string }
  | { ok: false; result: SubmissionResult<string[]> };

/**
 * The task forms of HR's departure pages (add, edit, remove), shared by the departure page and a
 * task's edit page: validates the submitted form with the same schema the browser used, applies
 * the change, and answers either success or the form's errors (in the admin's language). A task
 * that is not on this departure (removed meanwhile, or a forged id) throws a notFound DomainFailure
 * (departureTask.notFound), and an unknown departure one coded departure.notFound.
 */
export async function handleTaskIntent(
  intent: "addTask" | "editTask" | "removeTask",
  formData: FormData,
  context: { departureId: string; actorUserId: string; locale: AppLocale },
): Promise<TaskIntentOutcome> {
  const tv = translator(context.locale, "offboarding");
  const td = translator(context.locale, "departures");
  const options = { actorUserId: context.actorUserId };
  let taskId = "";
  if (intent !== "addTask") {
    const parsedId = z.uuid().safeParse(formData.get("taskId"));
    if (!parsedId.success) throw taskNotFound(String(formData.get("taskId")).slice(0, 64));
    taskId = parsedId.data;
  }

  if (intent === "removeTask") {
    const submission = parseWithZod(formData, { schema: confirmationSchema(td("taskEdit.removeConfirmRequired")) });
    if (submission.status !== "success") return { ok: false, result: submission.reply() };
    await removeDepartureTask(context.departureId, taskId, options);
    return { ok: true, notice: "taskRemoved", taskId };
  }

  const submission = parseWithZod(formData, { schema: taskFormSchema(tv) });
  if (submission.status !== "success") return { ok: false, result: submission.reply() };
  try {
    if (intent === "addTask") {
      const task = await addDepartureTask(context.departureId, submission.value, options);
      return { ok: true, notice: "taskAdded", taskId: task.id };
    }
    await updateDepartureTask(context.departureId, taskId, submission.value, options);
    return { ok: true, notice: "taskUpdated", taskId };
  } catch (error) {
    // A gone departure or task is the route's 404; what the form got wrong goes back beside its field.
    if (isDomainFailure(error) && error.kind !== "notFound") return { ok: false, result: failureReply(submission, error, context.locale) };
    throw error;
  }
}
