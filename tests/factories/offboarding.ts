import type { Insertable } from "kysely";
import { findUserById } from "~/modules/auth/users.server";
import { ensureOffboardingDefaults } from "~/modules/offboarding/defaults.server";
import { createDepartment as createDepartmentAsHr } from "~/modules/offboarding/departments-admin.server";
import { createDeparture, type CreateDepartureOptions } from "~/modules/offboarding/departures.server";
import { departureInputSchema } from "~/modules/offboarding/schemas";
import { ensureSurveyDefaults } from "~/modules/surveys/defaults.server";
import { translator } from "~/modules/i18n/translator";
import type { DepartureTasksTable, ExitInvitationStatus, TaskCategory } from "../../db/schema";
import { testDb } from "../support/database";
import { unique } from "./sequence";
import { createUser, signIn, type UserOverrides } from "./users";

/** The defaults a new installation gets: root department, reasons, teams, checklist templates, the exit survey. */
export async function installOffboardingDefaults() {
  await ensureOffboardingDefaults(testDb(), "Acme Corp");
  await ensureSurveyDefaults(testDb(), "Acme Corp");
}

/**
 * Offboarding defaults WITHOUT the default exit survey, for suites that create exactly the surveys,
 * invitations and responses each test needs.
 */
export async function installDefaultsWithoutSurveys() {
  await ensureOffboardingDefaults(testDb(), "Acme Corp");
}

/**
 * A departure through the real domain function, its input validated as the form and the API
 * validate it. It also creates the leaver's account, the checklist tasks and (when an exit survey is
 * active) the exit invitation, as in the product.
 */
export async function makeDeparture(overrides: Record<string, unknown> = {}, options: Partial<CreateDepartureOptions> = {}) {
  const suffix = unique();
  const input = departureInputSchema(translator("en", "offboarding")).parse({
    employeeEmail: `leaver-${suffix}@example.test`,
    employeeName: `Leaver ${suffix}`,
    departmentName: "Engineering",
    lastDay: "2026-12-18",
    noticeDate: "2026-12-01",
    ...overrides,
  });
  return createDeparture(input, { actorUserId: null, source: "web", today: "2026-11-27", ...options });
}

/** A departure without the tasks its templates generate, so that a test adds exactly the tasks it needs. */
export async function makeBareDeparture(overrides: Record<string, unknown> = {}) {
  const { departure } = await makeDeparture(overrides);
  await testDb().deleteFrom("departure_tasks").where("departure_id", "=", departure.id).execute();
  return departure;
}

/** A departure with no invitation yet (whatever survey is active): the test adds the one it needs. */
export async function makeDepartureWithoutInvitation(overrides: Record<string, unknown> = {}) {
  const { departure } = await makeDeparture(overrides);
  await testDb().deleteFrom("exit_invitations").where("departure_id", "=", departure.id).execute();
  return departure;
}

export interface LeaverSetup {
  departureId: string;
  invitationId: string;
  user: NonNullable<Awaited<ReturnType<typeof findUserById>>>;
  cookie: string;
}

/**
 * A departure recorded through the real domain function (which invites the leaver to the active exit
 * survey), with the leaver signed in. The invitation's status and the leaver's language are then set
 * directly: the flow that changes them is what the tests exercise.
 */
export async function makeLeaver(
  options: { status?: ExitInvitationStatus; departure?: Record<string, unknown>; locale?: "en" | "fr" } = {},
): Promise<LeaverSetup> {
  const { departure } = await makeDeparture(options.departure ?? {});
  const db = testDb();
  const invitation = await db.selectFrom("exit_invitations").select("id").where("departure_id", "=", departure.id).executeTakeFirstOrThrow();
  if (options.status) await db.updateTable("exit_invitations").set({ status: options.status }).where("id", "=", invitation.id).execute();
  if (options.locale) await db.updateTable("users").set({ locale: options.locale }).where("id", "=", departure.leaver_user_id).execute();
  const user = (await findUserById(db, departure.leaver_user_id))!;
  return { departureId: departure.id, invitationId: invitation.id, user, cookie: await signIn(user) };
}

/** A department through HR's createDepartment, under the company root (installed by the defaults) or a named parent. */
export async function createDepartment(name: string, parentName?: string) {
  const db = testDb();
  const parent = parentName
    ? await db.selectFrom("departments").select("id").where("name", "=", parentName).executeTakeFirstOrThrow()
    : await db.selectFrom("departments").select("id").where("parent_id", "is", null).executeTakeFirstOrThrow();
  return createDepartmentAsHr({ name, parentId: parent.id }, { actorUserId: null });
}

/** Engineering (with Platform under it) and Sales, under the company root. */
export async function departmentTree() {
  const engineering = await createDepartment("Engineering");
  const platform = await createDepartment("Platform", "Engineering");
  const sales = await createDepartment("Sales");
  return { engineering, platform, sales };
}

/** The id of a team the defaults installed (IT, Payroll, Facilities, People team). */
export async function teamId(name: string): Promise<string> {
  return (await testDb().selectFrom("teams").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
}

/**
 * A staff member in the given teams. Memberships are inserted directly, not through addTeamMember:
 * some tests put a person the domain would refuse (a leaver) in a team to prove the inbox ignores them.
 */
export async function createTeamMember(teams: string[], overrides: UserOverrides = {}) {
  const user = await createUser({ role: "task_owner", ...overrides });
  for (const team of teams) {
    await testDb().insertInto("team_members").values({ team_id: await teamId(team), user_id: user.id }).execute();
  }
  return user;
}

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

let taskPosition = 0;

/**
 * One task on a departure, owned by a team (default IT) or a person. Inserted directly: HR's
 * addDepartureTask derives the due date from an anchor, always starts a task open and records an
 * audit row, while these tests need a task with a chosen due date and status.
 */
export async function addTask(departureId: string, overrides: TaskOverrides = {}) {
  taskPosition += 1;
  const values: Insertable<DepartureTasksTable> = {
    departure_id: departureId,
    title_en: overrides.title ?? `Task ${taskPosition}`,
    title_fr: overrides.titleFr ?? "",
    category: overrides.category ?? "access",
    owner_user_id: overrides.ownerUserId ?? null,
    owner_team_id: overrides.ownerUserId ? null : await teamId(overrides.team ?? "IT"),
    anchor: "last_day",
    offset_business_days: 0,
    before_last_day: overrides.beforeLastDay ?? false,
    position: taskPosition,
    due_date: overrides.dueDate ?? "2026-12-10",
    status: overrides.status ?? "open",
  };
  return testDb().insertInto("departure_tasks").values(values).returningAll().executeTakeFirstOrThrow();
}
