import { sql } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { getDb, type DB, isUniqueViolation } from "~/utils/db.server";
import type { Department } from "../../../db/schema";
import { departmentSubtree } from "./departments.server";
import type { ActorOptions } from "./settings-actor";
import { DomainFailure } from "~/utils/failures";

/**
 * HR's management of the department tree: add, rename, move (never under itself), review the
 * departments an API call or a CSV file created, and delete the ones nothing refers to.
 */

const TREE_LIMIT = 5000;


export interface AdminDepartmentNode {
  id: string;
  name: string;
  parent_id: string | null;
  needs_review: boolean;
  depth: number;
  /** "Acme / Engineering / Platform" */
  path: string;
  child_count: number;
  departure_count: number;
  template_count: number;
}

/**
 * The whole tree in display order (parents first, siblings by name) with what uses each department,
 * in one query: the counts are index lookups per department, not a query per row.
 */
export async function listDepartmentsForAdmin(db: DB): Promise<AdminDepartmentNode[]> {
  const { rows } = await sql<AdminDepartmentNode>`
    with recursive tree as (
      select d.id, d.name, d.parent_id, d.needs_review, 0 as depth, d.name::text as path, array[lower(d.name)] as sort_key
      from departments d where d.parent_id is null
      union all
      select d.id, d.name, d.parent_id, d.needs_review, t.depth + 1, t.path || ' / ' || d.name, t.sort_key || lower(d.name)
      from departments d join tree t on d.parent_id = t.id
    )
    select tree.id, tree.name, tree.parent_id, tree.needs_review, tree.depth, tree.path,
      (select count(*) from departments c where c.parent_id = tree.id)::int as child_count,
      (select count(*) from departures p where p.department_id = tree.id)::int as departure_count,
      (select count(*) from checklist_templates k where k.department_id = tree.id)::int as template_count
    from tree
    order by tree.sort_key
    limit ${TREE_LIMIT}
  `.execute(db);
  return rows.map((row) => ({
    ...row,
    depth: Number(row.depth),
    child_count: Number(row.child_count),
    departure_count: Number(row.departure_count),
    template_count: Number(row.template_count),
  }));
}

async function lockDepartment(trx: DB, id: string): Promise<Department> {
  const department = await trx.selectFrom("departments").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  if (!department) throw DomainFailure.notFound("common.notFound");
  return department;
}

/** A sibling with the same name (any case) under `parentId`, other than `exceptId`. */
async function siblingNamed(trx: DB, parentId: string, name: string, exceptId?: string) {
  let query = trx
    .selectFrom("departments")
    .select(["id", "name"])
    .where("parent_id", "=", parentId)
    .where(sql<string>`lower(name)`, "=", name.toLowerCase());
  if (exceptId) query = query.where("id", "<>", exceptId);
  return query.executeTakeFirst();
}

export async function createDepartment(input: { name: string; parentId: string }, options: ActorOptions): Promise<Department> {
  try {
    return await getDb()
      .transaction()
      .execute(async (trx) => {
        const parent = await trx.selectFrom("departments").select(["id", "name"]).where("id", "=", input.parentId).executeTakeFirst();
        if (!parent) throw DomainFailure.invalid("parentId", "department.parentInvalid");
        if (await siblingNamed(trx, parent.id, input.name)) {
          throw DomainFailure.conflict("name", "department.nameTaken", { name: input.name, parent: parent.name });
        }
        const department = await trx
          .insertInto("departments")
          .values({ name: input.name, parent_id: parent.id })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, {
          actorUserId: options.actorUserId,
          action: "department.created",
          subjectType: "department",
          subjectId: department.id,
          data: { name: department.name, parentId: parent.id },
        });
        return department;
      });
  } catch (error) {
    // Created at the same moment by someone else: the sibling-name index decided.
    if (isUniqueViolation(error)) throw DomainFailure.conflict("name", "department.nameTakenHere", { name: input.name });
    throw error;
  }
}

export async function renameDepartment(id: string, input: { name: string }, options: ActorOptions): Promise<Department> {
  try {
    return await getDb()
      .transaction()
      .execute(async (trx) => {
        const current = await lockDepartment(trx, id);
        if (current.name === input.name) return current;
        if (current.parent_id && (await siblingNamed(trx, current.parent_id, input.name, id))) {
          throw DomainFailure.conflict("name", "department.nameTakenHere", { name: input.name });
        }
        const department = await trx
          .updateTable("departments")
          .set({ name: input.name })
          .where("id", "=", id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, {
          actorUserId: options.actorUserId,
          action: "department.renamed",
          subjectType: "department",
          subjectId: id,
          data: { from: current.name, to: department.name },
        });
        return department;
      });
  } catch (error) {
    if (isUniqueViolation(error)) throw DomainFailure.conflict("name", "department.nameTakenHere", { name: input.name });
    throw error;
  }
}

/**
 * Moves a department (with everything below it) under another parent. Refused when the new parent
 * is the department itself or one of its descendants: the tree would become a loop.
 */
export async function moveDepartment(id: string, input: { parentId: string }, options: ActorOptions): Promise<Department> {
  let movingName = "";
  try {
    return await getDb()
      .transaction()
      .execute(async (trx) => {
        const current = await lockDepartment(trx, id);
        movingName = current.name;
        if (!current.parent_id) throw DomainFailure.invalid("parentId", "department.rootCannotMove");
        if (current.parent_id === input.parentId) return current;
        const parent = await trx.selectFrom("departments").select(["id", "name"]).where("id", "=", input.parentId).executeTakeFirst();
        if (!parent) throw DomainFailure.invalid("parentId", "department.parentInvalid");
        const subtree = await departmentSubtree(trx, id);
        if (subtree.includes(parent.id)) throw DomainFailure.invalid("parentId", "department.cycle", { name: current.name });
        if (await siblingNamed(trx, parent.id, current.name, id)) {
          throw DomainFailure.conflict("parentId", "department.nameTaken", { name: current.name, parent: parent.name });
        }
        const department = await trx
          .updateTable("departments")
          .set({ parent_id: parent.id })
          .where("id", "=", id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, {
          actorUserId: options.actorUserId,
          action: "department.moved",
          subjectType: "department",
          subjectId: id,
          data: { fromParentId: current.parent_id, toParentId: parent.id },
        });
        return department;
      });
  } catch (error) {
    if (isUniqueViolation(error)) throw DomainFailure.conflict("parentId", "department.nameTakenHere", { name: movingName });
    throw error;
  }
}

/** HR has checked a department created from an API call or a CSV file: it stops being highlighted. */
export async function markDepartmentReviewed(id: string, options: ActorOptions): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const current = await lockDepartment(trx, id);
      if (!current.needs_review) return;
      await trx.updateTable("departments").set({ needs_review: false }).where("id", "=", id).execute();
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: "department.reviewed",
        subjectType: "department",
        subjectId: id,
        data: { name: current.name },
      });
    });
}

/**
 * Deletes a department nothing refers to. The root, a department with sub-departments, and one that
 * a departure or a template names all stay, with a message saying what to do first.
 */
export async function deleteDepartment(id: string, options: ActorOptions): Promise<void> {
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const current = await lockDepartment(trx, id);
      if (!current.parent_id) throw DomainFailure.refused("department.rootCannotDelete");
      const usage = await trx
        .selectNoFrom((eb) => [
          eb.selectFrom("departments").select(sql<string>`count(*)`.as("n")).where("parent_id", "=", id).as("children"),
          eb.selectFrom("departures").select(sql<string>`count(*)`.as("n")).where("department_id", "=", id).as("departures"),
          eb.selectFrom("checklist_templates").select(sql<string>`count(*)`.as("n")).where("department_id", "=", id).as("templates"),
        ])
        .executeTakeFirstOrThrow();
      const children = Number(usage.children);
      const departures = Number(usage.departures);
      const templates = Number(usage.templates);
      if (children > 0) throw DomainFailure.refused("department.deleteRefusedChildren", { count: children });
      if (departures > 0 && templates > 0) throw DomainFailure.refused("department.deleteRefusedBoth", { departures, templates });
      if (departures > 0) throw DomainFailure.refused("department.deleteRefusedDepartures", { count: departures });
      if (templates > 0) throw DomainFailure.refused("department.deleteRefusedTemplates", { count: templates });
      await trx.deleteFrom("departments").where("id", "=", id).execute();
      await recordAudit(trx, {
        actorUserId: options.actorUserId,
        action: "department.deleted",
        subjectType: "department",
        subjectId: id,
        data: { name: current.name, parentId: current.parent_id },
      });
    });
}
