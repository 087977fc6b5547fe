import { sql } from "kysely";
import { getDatabaseHandle, type DatabaseHandle } from "~/utils/db.server";

/**
 * The query planner chooses joins from table statistics that ANALYZE collects. PostgreSQL's
 * autovacuum refreshes them as tables change; the embedded database has no autovacuum, so its
 * tables were never analysed and the planner assumed one row everywhere: the inbox's query ran its
 * ownership subquery once per candidate row, 360 ms for 82 tasks instead of 18 ms
 * (docs/benchmarks.md, "Pages"). On PGlite the portal analyses its own tables (not the system
 * catalogues, which cost most of a database-wide ANALYZE) after the demo seed and every hour.
 */
export async function refreshPlannerStatistics(handle: DatabaseHandle = getDatabaseHandle()): Promise<{ tables: number } | null> {
  if (handle.kind !== "pglite") return null;
  const tables = await handle.db
    .selectFrom("pg_catalog.pg_tables" as never)
    .select(sql<string>`format('%I.%I', schemaname, tablename)`.as("name"))
    .where(sql<boolean>`schemaname in ('public', 'pgboss')`)
    .execute();
  if (tables.length === 0) return { tables: 0 };
  await sql`analyze ${sql.raw(tables.map((table) => table.name).join(", "))}`.execute(handle.db);
  return { tables: tables.length };
}
