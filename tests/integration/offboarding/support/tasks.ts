import { testDb } from "../../../support/database";

/** Reads for the task suites' assertions (the data itself comes from tests/factories). */

export function findTask(id: string) {
  return testDb().selectFrom("departure_tasks").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

export function auditEntries(action: string) {
  return testDb().selectFrom("audit_log").selectAll().where("action", "=", action).orderBy("created_at").execute();
}
