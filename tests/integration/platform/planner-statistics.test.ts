import { sql } from "kysely";
import { refreshPlannerStatistics } from "~/modules/platform/planner-statistics.server";
import { testDatabaseHandle, testDb, useTestDatabase } from "../../support/database";
import { createUser } from "../../factories";

useTestDatabase();

/**
 * The embedded database has no autovacuum: the portal gives its planner the statistics ANALYZE
 * collects (after the demo seed, then hourly). PostgreSQL's autovacuum does it there.
 */

/** Rows the planner believes the table has; -1 until the table has ever been analysed. */
async function plannerRowEstimate(table: string) {
  const result = await sql<{ reltuples: number }>`select reltuples from pg_class where oid = ${table}::regclass`.execute(testDb());
  return Number(result.rows[0]!.reltuples);
}

describe("refreshPlannerStatistics", () => {
  test("analyses the portal's tables on the embedded database (the planner then knows their size) and leaves PostgreSQL to autovacuum", async () => {
    for (let i = 0; i < 12; i++) await createUser({ role: "task_owner" });
    const handle = testDatabaseHandle();
    const before = await plannerRowEstimate("users");

    const refreshed = await refreshPlannerStatistics(handle);

    if (handle.kind === "pg") {
      expect(refreshed).toBeNull();
      return;
    }
    expect(before).not.toBe(12);
    expect(refreshed!.tables).toBeGreaterThan(20);
    expect(await plannerRowEstimate("users")).toBe(12);
    // pg-boss's job tables are the portal's too.
    expect(await plannerRowEstimate("pgboss.job")).toBeGreaterThanOrEqual(0);
  });
});
