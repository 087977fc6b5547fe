import { testDb } from "../../support/database";

export function auditRows(action: string) {
  return testDb().selectFrom("audit_log").selectAll().where("action", "=", action).orderBy("id").execute();
}
