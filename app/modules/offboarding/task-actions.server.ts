import type { ExpressionBuilder, Transaction } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { z } from "zod";
import { recordAudit } from "~/modules/auth/audit.server";
import type { Role } from "~/modules/auth/users.server";
import type { Translate } from "~/modules/i18n/translator";
import type { Database, DB } from "~/utils/db.server";
import { getDb } from "~/utils/db.server";
import { DomainFailure, type FailureCode } from "~/utils/failures";
import { parseOrFail } from "~/utils/schema-failures";
import { ownedBy } from "./inbox.server";
import {
  bulkCompleteSchema,
  completeTaskSchema,
  notApplicableSchema,
  parseAssignee,
  reassignTaskSchema,
  type Assignee,
  type BulkCompleteInput,
  type CompleteTaskInput,
  type NotApplicableInput,
  type ReassignTaskInput,
} from "./task-action-schemas";

/**
 * What a task owner (or an HR admin) does with a task: complete it, mark it not applicable, hand it
 * to someone else, complete several at once. Each call is one transaction that checks, in the query
 * that reads the task, that the actor may act on it: a task of someone else's team is "not found",
 * so its existence is not revealed. Every change is written to the audit log on the departure, so
 * that HR's timeline of the departure shows it.
 */

export interface TaskActor {
  id: string;
  role: Role;
}

export interface TaskActionOptions {
  actor: TaskActor;
  /** When the action happens (tests pass a fixed instant). */
  now?: Date;
}

export type TaskActionOutcome = "completed" | "notApplicable" | "reassigned" | "unchanged" | "alreadyClosed";

export interface TaskActionResult {
  outcome: TaskActionOutcome;
  taskId: string;
  departureId: string;
}

export interface BulkCompleteResult {
  completed: number;
  /** Selected tasks that someone had already closed: left as they were. */
  alreadyClosed: number;
}

const ACTING_ROLES: readonly Role[] = ["task_owner", "hr_admin"];

/**
 * The form schemas' message keys as failure codes: the domain re-runs the schema the form ran (so
 * that every caller gets the same checks) and answers what it refuses as codes, not sentences.
 */
const SCHEMA_CODES: Record<string, FailureCode> = {
  "validation.taskMissing": "task.taskMissing",
  "validation.tooLong": "task.tooLong",
  "validation.evidenceUrl": "task.evidenceUrl",
  "validation.reasonRequired": "task.reasonRequired",
  "validation.assigneeRequired": "task.assigneeRequired",
  "validation.selectTasks": "task.selectTasks",
  "validation.tooManyTasks": "task.tooManyTasks",
};

function parseOrThrow<Schema extends z.ZodType>(schemaFor: (t: Translate) => Schema, input: unknown): z.output<Schema> {
  return parseOrFail(schemaFor, input, SCHEMA_CODES, "task.invalidInput");
}

/** How the history names the task: its title in both languages (timeline.server shows the reader's). */
function auditTitles(task: { title_en: string; title_fr: string }) {
  return { taskTitle: task.title_en, taskTitleFr: task.title_fr };
}

/** The task does not exist, or the actor may not see it: the two are deliberately the same failure. */
function taskNotFound(taskId: string): DomainFailure {
  return DomainFailure.notFound("task.notFound", { taskId });
}

/**
 * Reads and locks the tasks the actor may act on among `taskIds`. Ownership is in the `where`:
 * HR admins may act on any task, everyone else on their own and their teams' tasks only.
 */
function lockTasks(trx: Transaction<Database>, taskIds: readonly string[], actor: TaskActor) {
  let query = trx
    .selectFrom("departure_tasks")
    .innerJoin("departures", "departures.id", "departure_tasks.departure_id")
    .select([
      "departure_tasks.id",
      "departure_tasks.title_en",
      "departure_tasks.title_fr",
      "departure_tasks.status",
      "departure_tasks.departure_id",
      "departure_tasks.owner_user_id",
      "departure_tasks.owner_team_id",
      "departures.status as departure_status",
    ])
    .where("departure_tasks.id", "in", [...taskIds])
    .forUpdate("departure_tasks");
  if (actor.role !== "hr_admin") query = query.where(ownedBy(actor.id));
  return query.execute();
}

async function lockTask(trx: Transaction<Database>, taskId: string, actor: TaskActor) {
  if (!ACTING_ROLES.includes(actor.role)) throw taskNotFound(taskId);
  const [task] = await lockTasks(trx, [taskId], actor);
  if (!task) throw taskNotFound(taskId);
  return task;
}

function refuseIfCancelled(task: { departure_status: string }) {
  if (task.departure_status === "cancelled") throw DomainFailure.refused("task.departureCancelled");
}

/** A planned departure starts the moment someone completes one of its tasks. */
async function startPlannedDepartures(trx: Transaction<Database>, departureIds: readonly string[], actorId: string, now: Date) {
  if (departureIds.length === 0) return;
  const started = await trx
    .updateTable("departures")
    .set({ status: "in_progress", updated_at: now })
    .where("id", "in", [...new Set(departureIds)])
    .where("status", "=", "planned")
    .returning("id")
    .execute();
  for (const departure of started) {
    await recordAudit(trx, {
      actorUserId: actorId,
      action: "departure.updated",
      subjectType: "departure",
      subjectId: departure.id,
      data: { changes: { status: ["planned", "in_progress"] }, cause: "task.completed" },
    });
  }
}

/** Marks one open task done, with an optional note and evidence link. Completing a closed task changes nothing. */
export async function completeTask(input: CompleteTaskInput, options: TaskActionOptions): Promise<TaskActionResult> {
  const value = parseOrThrow(completeTaskSchema, input);
  const now = options.now ?? new Date();
  const { actor } = options;
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const task = await lockTask(trx, value.taskId, actor);
      const result = { taskId: task.id, departureId: task.departure_id };
      if (task.status !== "open") return { outcome: "alreadyClosed", ...result };
      refuseIfCancelled(task);
      await trx
        .updateTable("departure_tasks")
        .set({
          status: "done",
          completed_at: now,
          completed_by: actor.id,
          completion_note: value.note ?? null,
          evidence_url: value.evidenceUrl ?? null,
          updated_at: now,
        })
        .where("id", "=", task.id)
        .execute();
      await startPlannedDepartures(trx, [task.departure_id], actor.id, now);
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "task.completed",
        subjectType: "departure",
        subjectId: task.departure_id,
        // The note itself stays on the task: the audit log outlives erasure and must not hold free text.
        data: { taskId: task.id, ...auditTitles(task), withNote: Boolean(value.note), withEvidence: Boolean(value.evidenceUrl) },
      });
      return { outcome: "completed", ...result };
    });
}

/** Closes one open task as not applicable; the reason is required and kept on the task. */
export async function markNotApplicable(input: NotApplicableInput, options: TaskActionOptions): Promise<TaskActionResult> {
  const value = parseOrThrow(notApplicableSchema, input);
  const now = options.now ?? new Date();
  const { actor } = options;
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const task = await lockTask(trx, value.taskId, actor);
      const result = { taskId: task.id, departureId: task.departure_id };
      if (task.status !== "open") return { outcome: "alreadyClosed", ...result };
      refuseIfCancelled(task);
      await trx
        .updateTable("departure_tasks")
        .set({
          status: "not_applicable",
          not_applicable_reason: value.reason,
          // Who closed it and when, as for a completion: the inbox's "done recently" and HR's view use it.
          completed_at: now,
          completed_by: actor.id,
          updated_at: now,
        })
        .where("id", "=", task.id)
        .execute();
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "task.not_applicable",
        subjectType: "departure",
        subjectId: task.departure_id,
        data: { taskId: task.id, ...auditTitles(task) },
      });
      return { outcome: "notApplicable", ...result };
    });
}

/** Hands an open task to a person (a task owner or an HR admin, active) or to a team. */
export async function reassignTask(input: ReassignTaskInput, options: TaskActionOptions): Promise<TaskActionResult & { assignee: Assignee }> {
  const value = parseOrThrow(reassignTaskSchema, input);
  const assignee = parseAssignee(value.assignee)!;
  const now = options.now ?? new Date();
  const { actor } = options;
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const task = await lockTask(trx, value.taskId, actor);
      const result = { taskId: task.id, departureId: task.departure_id, assignee };
      if (task.status !== "open") return { outcome: "alreadyClosed", ...result };
      refuseIfCancelled(task);

      const target = await findAssignee(trx, assignee);
      if (!target) throw DomainFailure.invalid("assignee", "task.assigneeUnknown");
      const current: Assignee = task.owner_user_id ? { kind: "user", id: task.owner_user_id } : { kind: "team", id: task.owner_team_id! };
      if (current.kind === assignee.kind && current.id === assignee.id) return { outcome: "unchanged", ...result };

      await trx
        .updateTable("departure_tasks")
        .set({
          owner_user_id: assignee.kind === "user" ? assignee.id : null,
          owner_team_id: assignee.kind === "team" ? assignee.id : null,
          updated_at: now,
        })
        .where("id", "=", task.id)
        .execute();
      await recordAudit(trx, {
        actorUserId: actor.id,
        action: "task.reassigned",
        subjectType: "departure",
        subjectId: task.departure_id,
        // Team names are not personal data and make the timeline readable; people stay ids.
        data: { taskId: task.id, ...auditTitles(task), from: current, to: { ...assignee, ...(target.teamName ? { teamName: target.teamName } : {}) } },
      });
      return { outcome: "reassigned", ...result };
    });
}

async function findAssignee(trx: DB, assignee: Assignee): Promise<{ teamName?: string } | undefined> {
  if (assignee.kind === "team") {
    const team = await trx.selectFrom("teams").select("name").where("id", "=", assignee.id).executeTakeFirst();
    return team ? { teamName: team.name } : undefined;
  }
  const user = await trx
    .selectFrom("users")
    .select("id")
    .where("id", "=", assignee.id)
    .where("status", "=", "active")
    .where("role", "in", [...ACTING_ROLES])
    .executeTakeFirst();
  return user ? {} : undefined;
}

/**
 * Completes several tasks in one transaction. If any selected task is not the actor's (or does not
 * exist), nothing changes: a tampered form must not complete part of a batch. Tasks closed meanwhile
 * are left as they were and counted.
 */
export async function bulkComplete(input: BulkCompleteInput, options: TaskActionOptions): Promise<BulkCompleteResult> {
  const value = parseOrThrow(bulkCompleteSchema, input);
  const taskIds = [...new Set(value.taskIds.map((id) => id.toLowerCase()))];
  const now = options.now ?? new Date();
  const { actor } = options;
  if (!ACTING_ROLES.includes(actor.role)) throw taskNotFound(taskIds[0]!);
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const tasks = await lockTasks(trx, taskIds, actor);
      if (tasks.length < taskIds.length) {
        const found = new Set(tasks.map((task) => task.id));
        throw taskNotFound(taskIds.find((id) => !found.has(id))!);
      }
      const open = tasks.filter((task) => task.status === "open");
      for (const task of open) refuseIfCancelled(task);
      if (open.length > 0) {
        await trx
          .updateTable("departure_tasks")
          .set({ status: "done", completed_at: now, completed_by: actor.id, completion_note: value.note ?? null, updated_at: now })
          .where(
            "id",
            "in",
            open.map((task) => task.id),
          )
          .execute();
        await startPlannedDepartures(
          trx,
          open.map((task) => task.departure_id),
          actor.id,
          now,
        );
        // One entry per task (bounded by BULK_MAX) so that each departure's timeline shows its own tasks.
        for (const task of open) {
          await recordAudit(trx, {
            actorUserId: actor.id,
            action: "task.completed",
            subjectType: "departure",
            subjectId: task.departure_id,
            data: { taskId: task.id, ...auditTitles(task), withNote: Boolean(value.note), withEvidence: false, bulk: true },
          });
        }
      }
      return { completed: open.length, alreadyClosed: tasks.length - open.length };
    });
}

export interface AssigneeOptions {
  people: Array<{ id: string; name: string }>;
  teams: Array<{ id: string; name: string }>;
}

/** Who a task can be handed to: active task owners and HR admins, and every team. Bounded lists. */
/** Who a task may be reassigned to, as two JSON columns (`assignee_people`, `assignee_teams`) of a query that may select more beside them. */
export function assigneeOptionsSelection(eb: ExpressionBuilder<Database, never>) {
  return [
    jsonArrayFrom(
      eb.selectFrom("users").select(["id", "name"]).where("status", "=", "active").where("role", "in", [...ACTING_ROLES]).orderBy("name").orderBy("id").limit(500),
    ).as("assignee_people"),
    jsonArrayFrom(eb.selectFrom("teams").select(["id", "name"]).orderBy("name").limit(200)).as("assignee_teams"),
  ];
}

export function readAssigneeOptions(row: { assignee_people: AssigneeOptions["people"]; assignee_teams: AssigneeOptions["teams"] }): AssigneeOptions {
  return { people: row.assignee_people, teams: row.assignee_teams };
}
