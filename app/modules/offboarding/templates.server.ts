import { sql, type Transaction } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { recordAudit } from "~/modules/auth/audit.server";
import type { LocalizedText } from "~/modules/i18n/localized-text";
import { getDb, type Database, type DB } from "~/utils/db.server";
import type { ChecklistTemplate, ChecklistTemplateTask } from "../../../db/schema";
import type { TaskDefinition } from "./schemas";
import type { ActorOptions } from "./settings-actor";
import type { TemplateFormInput } from "./settings";
import { reorder } from "~/utils/reorder";
import { DomainFailure } from "~/utils/failures";

/**
 * Checklist templates as HR edits them. A departure copies its tasks when it is recorded, so
 * nothing here ever touches `departure_tasks`: editing a template shapes the next departures only.
 */

/** The roles that may own a task by name (leavers and alumni never do). */
export const TASK_OWNER_ROLES = ["task_owner", "hr_admin"] as const;
const LIST_LIMIT = 500;


export interface TemplateListEntry {
  id: string;
  name: LocalizedText;
  description: LocalizedText;
  active: boolean;
  departure_types: ChecklistTemplate["departure_types"];
  department_id: string | null;
  locations: string[];
  task_count: number;
}

/** Every template with its number of tasks (one query: a grouped subquery, not one count per row). */
export async function listTemplates(db: DB): Promise<TemplateListEntry[]> {
  const rows = await db
    .selectFrom("checklist_templates as t")
    .leftJoin(
      (eb) =>
        eb
          .selectFrom("checklist_template_tasks")
          .select(["template_id", (e) => e.fn.countAll<string>().as("n")])
          .groupBy("template_id")
          .as("counts"),
      (join) => join.onRef("counts.template_id", "=", "t.id"),
    )
    .select(["t.id", "t.name_en", "t.name_fr", "t.description_en", "t.description_fr", "t.active", "t.departure_types", "t.department_id", "t.locations"])
    .select(sql<string>`coalesce(counts.n, 0)`.as("task_count"))
    .orderBy("t.active", "desc")
    .orderBy(sql`lower(t.name_en)`)
    .limit(LIST_LIMIT)
    .execute();
  return rows.map(({ name_en, name_fr, description_en, description_fr, ...row }) => ({
    ...row,
    name: { en: name_en, fr: name_fr },
    description: { en: description_en, fr: description_fr },
    task_count: Number(row.task_count),
  }));
}

export interface TemplateTaskView extends ChecklistTemplateTask {
  owner_user_name: string | null;
  owner_team_name: string | null;
}

export interface TemplateDetail extends ChecklistTemplate {
  tasks: TemplateTaskView[];
  /** Departures whose tasks were copied from this template (it can then only be deactivated). */
  departure_count: number;
}

/** A template, its tasks in order with their owners' names, and how many departures used it. */
export async function getTemplate(db: DB, id: string): Promise<TemplateDetail | undefined> {
  const row = await db
    .selectFrom("checklist_templates as t")
    .selectAll("t")
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom("checklist_template_tasks as k")
          .leftJoin("users as u", "u.id", "k.owner_user_id")
          .leftJoin("teams as team", "team.id", "k.owner_team_id")
          .selectAll("k")
          .select(["u.name as owner_user_name", "team.name as owner_team_name"])
          .whereRef("k.template_id", "=", "t.id")
          .orderBy("k.position")
          .orderBy("k.id"),
      ).as("tasks"),
      eb
        .selectFrom("departure_tasks as dt")
        .innerJoin("checklist_template_tasks as used", "used.id", "dt.template_task_id")
        .whereRef("used.template_id", "=", "t.id")
        .select(sql<string>`count(distinct dt.departure_id)`.as("n"))
        .as("departure_count"),
    ])
    .where("t.id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...row, tasks: row.tasks as TemplateTaskView[], departure_count: Number(row.departure_count ?? 0) };
}

export async function getTemplateTask(db: DB, templateId: string, taskId: string): Promise<TemplateTaskView | undefined> {
  return db
    .selectFrom("checklist_template_tasks as k")
    .leftJoin("users as u", "u.id", "k.owner_user_id")
    .leftJoin("teams as team", "team.id", "k.owner_team_id")
    .selectAll("k")
    .select(["u.name as owner_user_name", "team.name as owner_team_name"])
    .where("k.id", "=", taskId)
    .where("k.template_id", "=", templateId)
    .executeTakeFirst();
}

export interface OwnerOptions {
  people: { id: string; name: string; email: string; role: string }[];
  teams: { id: string; name: string }[];
}

/** Who may own a task: active or invited staff, and every team. */
export async function listOwnerOptions(db: DB): Promise<OwnerOptions> {
  const [people, teams] = await Promise.all([
    db
      .selectFrom("users")
      .select(["id", "name", "email", "role"])
      .where("role", "in", [...TASK_OWNER_ROLES])
      .where("status", "<>", "disabled")
      .orderBy(sql`lower(name)`)
      .orderBy("id")
      .limit(LIST_LIMIT * 4)
      .execute(),
    db.selectFrom("teams").select(["id", "name"]).orderBy(sql`lower(name)`).limit(LIST_LIMIT).execute(),
  ]);
  return { people, teams };
}

async function assertDepartmentExists(trx: DB, departmentId: string | undefined) {
  if (!departmentId) return;
  const found = await trx.selectFrom("departments").select("id").where("id", "=", departmentId).executeTakeFirst();
  if (!found) throw DomainFailure.invalid("departmentId", "template.departmentInvalid");
}

async function lockTemplate(trx: DB, id: string): Promise<ChecklistTemplate> {
  const template = await trx.selectFrom("checklist_templates").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  if (!template) throw DomainFailure.notFound("common.notFound");
  return template;
}

function templateValues(input: TemplateFormInput) {
  return {
    name_en: input.nameEn,
    name_fr: input.nameFr,
    description_en: input.descriptionEn,
    description_fr: input.descriptionFr,
    active: input.active,
    departure_types: input.departureTypes,
    department_id: input.departmentId ?? null,
    locations: input.locations,
  };
}

export async function createTemplate(input: TemplateFormInput, options: ActorOptions): Promise<ChecklistTemplate> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      await assertDepartmentExists(trx, input.departmentId);
      const template = await trx.insertInto("checklist_templates").values(templateValues(input)).returningAll().executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: "template.created",
        subjectType: "checklist_template",
        subjectId: template.id,
        data: { name: template.name_en, active: template.active },
      });
      return template;
    });
}

/** Changes a template's name, description, active flag or conditions. Existing departures keep their tasks. */
export async function updateTemplate(id: string, input: TemplateFormInput, options: ActorOptions): Promise<ChecklistTemplate> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const current = await lockTemplate(trx, id);
      await assertDepartmentExists(trx, input.departmentId);
      const next = templateValues(input);
      const changed = (Object.keys(next) as (keyof typeof next)[]).filter(
        (key) => JSON.stringify(next[key]) !== JSON.stringify(current[key]),
      );
      if (changed.length === 0) return current;
      const template = await trx
        .updateTable("checklist_templates")
        .set({ ...next, updated_at: new Date() })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: current.active && !template.active ? "template.deactivated" : !current.active && template.active ? "template.activated" : "template.updated",
        subjectType: "checklist_template",
        subjectId: id,
        data: { changed },
      });
      return template;
    });
}

/** Turns a template on or off for new departures, leaving its conditions and tasks as they are. */
export async function setTemplateActive(id: string, active: boolean, options: ActorOptions): Promise<ChecklistTemplate> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const current = await lockTemplate(trx, id);
      if (current.active === active) return current;
      const template = await trx
        .updateTable("checklist_templates")
        .set({ active, updated_at: new Date() })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: active ? "template.activated" : "template.deactivated",
        subjectType: "checklist_template",
        subjectId: id,
        data: { changed: ["active"] },
      });
      return template;
    });
}

/**
 * Deletes a template nobody used. Once a departure's tasks were copied from it, it stays (HR
 * deactivates it instead) so that the history of where those tasks came from remains readable.
 */
export async function deleteTemplate(id: string, options: ActorOptions): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const template = await lockTemplate(trx, id);
      const used = await departuresUsingTemplate(trx, id);
      if (used > 0) throw DomainFailure.refused("template.deleteRefused", { count: used });
      await trx.deleteFrom("checklist_templates").where("id", "=", id).execute();
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: "template.deleted",
        subjectType: "checklist_template",
        subjectId: id,
        data: { name: template.name_en },
      });
    });
}

async function departuresUsingTemplate(trx: DB, templateId: string): Promise<number> {
  const row = await trx
    .selectFrom("departure_tasks as dt")
    .innerJoin("checklist_template_tasks as k", "k.id", "dt.template_task_id")
    .where("k.template_id", "=", templateId)
    .select(sql<string>`count(distinct dt.departure_id)`.as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The owner is a member of staff (not a leaver, not disabled) or an existing team. */
async function assertOwner(trx: DB, definition: TaskDefinition) {
  if (definition.ownerUserId) {
    const user = await trx
      .selectFrom("users")
      .select("id")
      .where("id", "=", definition.ownerUserId)
      .where("role", "in", [...TASK_OWNER_ROLES])
      .where("status", "<>", "disabled")
      .executeTakeFirst();
    if (!user) throw DomainFailure.invalid("ownerUserId", "template.ownerUserInvalid");
  }
  if (definition.ownerTeamId) {
    const team = await trx.selectFrom("teams").select("id").where("id", "=", definition.ownerTeamId).executeTakeFirst();
    if (!team) throw DomainFailure.invalid("ownerTeamId", "template.ownerTeamInvalid");
  }
}

function taskValues(definition: TaskDefinition) {
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

async function touchTemplate(trx: Transaction<Database>, templateId: string) {
  await trx.updateTable("checklist_templates").set({ updated_at: new Date() }).where("id", "=", templateId).execute();
}

/** Adds a task at the end of the template; departures recorded from now on get it. */
export async function addTemplateTask(templateId: string, definition: TaskDefinition, options: ActorOptions): Promise<ChecklistTemplateTask> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      await lockTemplate(trx, templateId);
      await assertOwner(trx, definition);
      const last = await trx
        .selectFrom("checklist_template_tasks")
        .select((eb) => eb.fn.max("position").as("position"))
        .where("template_id", "=", templateId)
        .executeTakeFirst();
      const position = last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 1;
      const task = await trx
        .insertInto("checklist_template_tasks")
        .values({ template_id: templateId, ...taskValues(definition), position })
        .returningAll()
        .executeTakeFirstOrThrow();
      await touchTemplate(trx, templateId);
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: "template.task_added",
        subjectType: "checklist_template",
        subjectId: templateId,
        data: { taskId: task.id, title: task.title_en },
      });
      return task;
    });
}

async function lockTask(trx: DB, templateId: string, taskId: string): Promise<ChecklistTemplateTask> {
  await lockTemplate(trx, templateId);
  const task = await trx
    .selectFrom("checklist_template_tasks")
    .selectAll()
    .where("id", "=", taskId)
    .where("template_id", "=", templateId)
    .executeTakeFirst();
  if (!task) throw DomainFailure.notFound("common.notFound");
  return task;
}

/** Changes one task of the template. The copies already made for departures stay as they are. */
export async function updateTemplateTask(
  templateId: string,
  taskId: string,
  definition: TaskDefinition,
  options: ActorOptions,
): Promise<ChecklistTemplateTask> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const current = await lockTask(trx, templateId, taskId);
      await assertOwner(trx, definition);
      const next = taskValues(definition);
      const changed = (Object.keys(next) as (keyof typeof next)[]).filter((key) => next[key] !== current[key]);
      if (changed.length === 0) return current;
      const task = await trx
        .updateTable("checklist_template_tasks")
        .set(next)
        .where("id", "=", taskId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await touchTemplate(trx, templateId);
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: "template.task_updated",
        subjectType: "checklist_template",
        subjectId: templateId,
        data: { taskId, changed },
      });
      return task;
    });
}

/** Removes a task from the template; tasks already copied to departures keep existing. */
export async function removeTemplateTask(templateId: string, taskId: string, options: ActorOptions): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const task = await lockTask(trx, templateId, taskId);
      await trx.deleteFrom("checklist_template_tasks").where("id", "=", taskId).execute();
      await touchTemplate(trx, templateId);
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: "template.task_removed",
        subjectType: "checklist_template",
        subjectId: templateId,
        data: { taskId, title: task.title_en },
      });
    });
}

/** Moves a task one place up or down; positions are renumbered 0…n-1 so gaps never accumulate. */
export async function moveTemplateTask(
  templateId: string,
  taskId: string,
  direction: "up" | "down",
  options: ActorOptions,
): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await lockTask(trx, templateId, taskId);
      const tasks = await trx
        .selectFrom("checklist_template_tasks")
        .select(["id", "position"])
        .where("template_id", "=", templateId)
        .orderBy("position")
        .orderBy("id")
        .execute();
      const order = reorder(
        tasks.map((task) => task.id),
        taskId,
        direction,
      );
      if (!order) return;
      await renumber(trx, "checklist_template_tasks", tasks, order);
      await touchTemplate(trx, templateId);
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: "template.task_moved",
        subjectType: "checklist_template",
        subjectId: templateId,
        data: { taskId, direction },
      });
    });
}

/** Writes position = index for every row whose position differs (usually two rows). */
export async function renumber(
  trx: DB,
  table: "checklist_template_tasks" | "departure_reasons",
  current: readonly { id: string; position: number }[],
  order: readonly string[],
) {
  const positions = new Map(current.map((row) => [row.id, row.position]));
  for (const [index, id] of order.entries()) {
    if (positions.get(id) !== index) {
      await trx.updateTable(table).set({ position: index }).where("id", "=", id).execute();
    }
  }
}
