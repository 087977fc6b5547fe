import { ensureOffboardingDefaults } from "~/modules/offboarding/defaults.server";
import { testDb } from "../../support/database";
import { createDepartment } from "../../support/exit";
import { makeDeparture } from "../../support/offboarding";

/**
 * Offboarding defaults WITHOUT the default exit survey: these suites create exactly the surveys,
 * invitations and responses each test needs (see tests/support/exit.ts).
 */
export async function installDefaultsWithoutSurveys() {
  await ensureOffboardingDefaults(testDb(), "Acme Corp");
}

/** Engineering (with Platform under it) and Sales, under the company root. */
export async function departmentTree() {
  const engineering = await createDepartment("Engineering");
  const platform = await createDepartment("Platform", "Engineering");
  const sales = await createDepartment("Sales");
  return { engineering, platform, sales };
}

/** A departure with no invitation yet (whatever survey is active): the test adds the one it needs. */
export async function bareDeparture(overrides: Record<string, unknown> = {}) {
  const { departure } = await makeDeparture(overrides);
  await testDb().deleteFrom("exit_invitations").where("departure_id", "=", departure.id).execute();
  return departure;
}

export function auditRows(action: string) {
  return testDb().selectFrom("audit_log").selectAll().where("action", "=", action).orderBy("id").execute();
}
