import { sql, type Expression, type RawBuilder } from "kysely";
import type { DB } from "~/utils/db.server";
import type { Department } from "../../../db/schema";

/** The root of the department tree ("the company"), created on first use. */
export async function ensureRootDepartment(db: DB, companyName: string): Promise<Department> {
  const existing = await db.selectFrom("departments").selectAll().where("parent_id", "is", null).executeTakeFirst();
  if (existing) return existing;
  return db
    .insertInto("departments")
    .values({ name: companyName, parent_id: null })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst()
    .then(async (row) => row ?? (await db.selectFrom("departments").selectAll().where("parent_id", "is", null).executeTakeFirstOrThrow()));
}

/**
 * The department called `name` (any level, any case). An unknown name, as HR systems send them,
 * becomes a new department under the root, flagged for HR to review and move.
 */
export async function resolveDepartmentByName(
  db: DB,
  name: string,
  companyName: string,
): Promise<{ department: Department; created: boolean }> {
  const trimmed = name.trim().replace(/\s+/g, " ");
  const found = await db
    .selectFrom("departments")
    .selectAll()
    .where(sql<string>`lower(name)`, "=", trimmed.toLowerCase())
    .orderBy("created_at")
    .executeTakeFirst();
  if (found) return { department: found, created: false };
  const root = await ensureRootDepartment(db, companyName);
  const inserted = await db
    .insertInto("departments")
    .values({ name: trimmed, parent_id: root.id, needs_review: true })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { department: inserted, created: true };
  // Created concurrently by another request: use that one.
  const raced = await db
    .selectFrom("departments")
    .selectAll()
    .where("parent_id", "=", root.id)
    .where(sql<string>`lower(name)`, "=", trimmed.toLowerCase())
    .executeTakeFirstOrThrow();
  return { department: raced, created: false };
}

/** The department and all its ancestors, nearest first (one recursive query). */
export async function departmentLineage(db: DB, departmentId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with recursive lineage(id, parent_id, depth) as (
      select id, parent_id, 0 from departments where id = ${departmentId}
      union all
      select d.id, d.parent_id, l.depth + 1 from departments d join lineage l on d.id = l.parent_id
    )
    select id from lineage order by depth
  `.execute(db);
  return rows.map((r) => r.id);
}

/** The department and all its descendants (for "department subtree" filters). */
export async function departmentSubtree(db: DB, departmentId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with recursive subtree(id) as (
      select id from departments where id = ${departmentId}
      union all
      select d.id from departments d join subtree s on d.parent_id = s.id
    )
    select id from subtree
  `.execute(db);
  return rows.map((r) => r.id);
}

export interface DepartmentNode extends Department {
  depth: number;
  /** "Company / Engineering / Platform" */
  path: string;
}

/**
 * The path of the department a row names as the departure pages write it: below the company root
 * ("Engineering / Platform"; the root itself by its name, as listDepartmentOptions does). A column:
 * a correlated subquery that walks up from that one department, so that a page showing one record's
 * department reads it with the record instead of reading the whole tree.
 */
export function departmentPathOf(departmentId: Expression<string | null>): RawBuilder<string | null> {
  return sql<string | null>`(
    with recursive up as (
      select id, parent_id, name, 0 as height from departments where id = ${departmentId}
      union all
      select p.id, p.parent_id, p.name, up.height + 1 from departments p join up on p.id = up.parent_id
    )
    select coalesce(
      string_agg(name, ' / ' order by height desc) filter (where parent_id is not null),
      max(name) filter (where height = 0)
    ) from up
  )`;
}

/** The whole tree in display order (parents before children, siblings by name). */
export async function listDepartmentTree(db: DB): Promise<DepartmentNode[]> {
  const { rows } = await sql<DepartmentNode>`
    with recursive tree as (
      select d.*, 0 as depth, d.name::text as path, array[lower(d.name)] as sort_key
      from departments d where d.parent_id is null
      union all
      select d.*, t.depth + 1, t.path || ' / ' || d.name, t.sort_key || lower(d.name)
      from departments d join tree t on d.parent_id = t.id
    )
    select id, name, parent_id, needs_review, created_at, depth, path from tree order by sort_key
  `.execute(db);
  return rows;
}
