import type { Insertable } from "kysely";
import type { DepartureTasksTable, Role, TaskCategory } from "../../../../db/schema";
import { testDb } from "../../../support/database";
import { createUser, type UserOverrides } from "../../../support/factories";
import { makeDeparture, teamId } from "../../../support/offboarding";

/** A staff member in the given teams (created by installOffboardingDefaults: IT, Payroll, Facilities, People team). */
export async function createTeamMember(teams: string[], overrides: UserOverrides & { role?: Role } = {}) {
  const user = await createUser({ role: "task_owner", ...overrides });
  for (const team of teams) {
    await testDb().insertInto("team_members").values({ team_id: await teamId(team), user_id: user.id }).execute();
  }
  return user;
}

/** A departure without the tasks its templates generate, so that a test adds exactly the tasks it needs. */
export async function makeBareDeparture(overrides: Record<string, unknown> = {}) {
  const { departure } = await makeDeparture(overrides);
  await testDb().deleteFrom("departure_tasks").where("departure_id", "=", departure.id).execute();
  return departure;
}

let sequence = 0;

export interface TaskOverrides {
  title?: string;
  /** Empty by default: the task then reads in English in French pages too. */
  titleFr?: string;
  dueDate?: string;
  category?: TaskCategory;
  team?: string;
  ownerUserId?: string;
  beforeLastDay?: boolean;
  status?: "open" | "done" | "not_applicable";
}

/** One task on a departure, owned by a team (default IT) or a person. */
export async function addTask(departureId: string, overrides: TaskOverrides = {}) {
  sequence += 1;
  const values: Insertable<DepartureTasksTable> = {
    departure_id: departureId,
    title_en: overrides.title ?? `Task ${sequence}`,
    title_fr: overrides.titleFr ?? "",
    category: overrides.category ?? "access",
    owner_user_id: overrides.ownerUserId ?? null,
    owner_team_id: overrides.ownerUserId ? null : await teamId(overrides.team ?? "IT"),
    anchor: "last_day",
    offset_business_days: 0,
    before_last_day: overrides.beforeLastDay ?? false,
    position: sequence,
    due_date: overrides.dueDate ?? "2026-12-10",
    status: overrides.status ?? "open",
  };
  return testDb().insertInto("departure_tasks").values(values).returningAll().executeTakeFirstOrThrow();
}

export function findTask(id: string) {
  return testDb().selectFrom("departure_tasks").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

export function auditEntries(action: string) {
  return testDb().selectFrom("audit_log").selectAll().where("action", "=", action).orderBy("created_at").execute();
}
