import type { AlumniDecision, AlumniProfilesTable, AlumniStatus, ConsentPurpose, ExitInvitationStatus, User } from "../../db/schema";
import type { DirectoryField, DirectoryVisibility } from "~/modules/alumni/profile";
import { recordConsent } from "~/modules/alumni/consents.server";
import { testDb } from "../support/database";
import { createInvitation } from "./exit";
import { makeDeparture } from "./offboarding";
import { unique } from "./sequence";
import { createSurvey } from "./surveys";
import { createUser, signIn } from "./users";

export interface AlumniProfileOverrides {
  departureId?: string | null;
  personalEmail?: string;
  status?: AlumniStatus;
  confirmedAt?: Date | null;
  joinedAt?: Date;
  activatedAt?: Date | null;
  leftAt?: Date | null;
}

/**
 * An alumni profile in any state, inserted directly: joinAlumniNetwork only creates a pending
 * profile from a finished exit flow, and the transition job alone activates it.
 */
export async function createAlumniProfile(userId: string, overrides: AlumniProfileOverrides = {}) {
  return testDb()
    .insertInto("alumni_profiles")
    .values({
      user_id: userId,
      departure_id: overrides.departureId ?? null,
      personal_email: overrides.personalEmail ?? `personal-${unique()}@example.net`,
      personal_email_confirmed_at: overrides.confirmedAt ?? null,
      linkedin_url: null,
      status: overrides.status ?? "pending",
      joined_at: overrides.joinedAt ?? new Date("2026-11-28T10:25:00Z"),
      activated_at: overrides.activatedAt ?? null,
      left_at: overrides.leftAt ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface AlumniLeaver {
  user: User;
  cookie: string;
  departureId: string;
  invitationId: string;
  workEmail: string;
  lastDay: string;
}

export interface LeaverOptions {
  /** The exit invitation's state; "finished" (the survey is sent) opens the alumni step. */
  status?: ExitInvitationStatus;
  /**
   * 2026-12-18 when not given. Code that reads the real clock (a sign-in link asked for, a confirmation
   * pressed) sees that day as over from 19 December 2026 on: pass daysFromToday(n) for a leaver who
   * must still be before their last day there.
   */
  lastDay?: string;
  decision?: AlumniDecision | null;
  locale?: "en" | "fr";
  /** A staff member who is leaving: their account exists first (with STAFF_PASSWORD) and keeps its role. */
  staffRole?: "task_owner" | "hr_admin";
}

export const STAFF_PASSWORD = "correct horse battery staple";

/**
 * A leaver at acme.example whose invitation is in the given state, signed in. The departure goes
 * through the real createDeparture; the invitation is then moved to the state asked for directly,
 * since reaching it through the flow is what other suites test.
 */
export async function makeAlumniLeaver(options: LeaverOptions = {}): Promise<AlumniLeaver> {
  const workEmail = `leaver-${unique()}@acme.example`;
  const lastDay = options.lastDay ?? "2026-12-18";
  const noticeDate = lastDay < "2026-11-20" ? lastDay : "2026-11-20";
  if (options.staffRole) await createUser({ role: options.staffRole, email: workEmail, password: STAFF_PASSWORD });
  // The last day may be near the real today (daysFromToday) rather than these fixtures' 27 November
  // 2026: the window of usual dates is not what alumni tests are about, so HR's confirmation is given.
  const { departure } = await makeDeparture({ employeeEmail: workEmail, lastDay, noticeDate }, { confirmUnusualDates: true });
  const db = testDb();
  let invitation = await db.selectFrom("exit_invitations").select("id").where("departure_id", "=", departure.id).executeTakeFirst();
  if (!invitation) {
    const { version } = await createSurvey();
    invitation = await createInvitation(departure.id, version.id);
  }
  await db
    .updateTable("exit_invitations")
    .set({
      status: options.status ?? "finished",
      finished_at: (options.status ?? "finished") === "finished" ? new Date("2026-11-28T10:20:00Z") : null,
      alumni_decision: options.decision ?? null,
      alumni_decided_at: options.decision ? new Date("2026-11-28T10:25:00Z") : null,
      expires_on: "2027-01-17",
    })
    .where("id", "=", invitation.id)
    .execute();
  if (options.locale) await db.updateTable("users").set({ locale: options.locale }).where("id", "=", departure.leaver_user_id).execute();
  const user = await db.selectFrom("users").selectAll().where("id", "=", departure.leaver_user_id).executeTakeFirstOrThrow();
  return { user, cookie: await signIn(user), departureId: departure.id, invitationId: invitation.id, workEmail, lastDay };
}

/** An active alumnus who granted `consents` through the ledger (as the preferences page records them). */
export async function makeAlumnus(options: { consents?: readonly ConsentPurpose[]; name?: string } = {}): Promise<User> {
  const user = await createUser({ role: "alumnus", ...(options.name ? { name: options.name } : {}) });
  await createAlumniProfile(user.id, { status: "active", confirmedAt: new Date("2026-11-28T10:30:00Z"), activatedAt: new Date("2026-11-30T00:00:00Z") });
  for (const purpose of options.consents ?? []) {
    await recordConsent(testDb(), { userId: user.id, purpose, granted: true, source: "preferences", ip: null, locale: "en" });
  }
  return user;
}

export interface DirectoryMemberOptions {
  name?: string;
  /** The department of the departure; the company root when not given. */
  departmentId?: string;
  /** The departure's last day (2024-06-28 by default) and first day (none by default). */
  lastDay?: string;
  hireDate?: string | null;
  company?: string | null;
  title?: string | null;
  location?: string | null;
  linkedinUrl?: string | null;
  /** Fields other alumni see; the rest keep the column defaults (department and year shown). */
  show?: Partial<DirectoryVisibility>;
  /** Whether the `directory` consent is granted in the ledger (true by default). */
  listed?: boolean;
  status?: AlumniStatus;
  locale?: "en" | "fr";
}

const VISIBILITY_COLUMN: Record<DirectoryField, keyof AlumniProfilesTable> = {
  department: "directory_show_department",
  leftYear: "directory_show_left_year",
  company: "directory_show_company",
  title: "directory_show_title",
  location: "directory_show_location",
  linkedin: "directory_show_linkedin",
};

/**
 * An alumnus with a departure, a filled profile and directory choices, listed by default. The
 * departure is inserted directly: recording it through createDeparture would invite the person to an
 * exit flow, which is not what directory tests are about.
 */
export async function makeDirectoryMember(options: DirectoryMemberOptions = {}) {
  const db = testDb();
  const n = unique();
  const user = await createUser({ role: "alumnus", name: options.name ?? `Member ${n}`, locale: options.locale ?? "en" });
  const departmentId =
    options.departmentId ??
    ((await db.selectFrom("departments").select("id").where("parent_id", "is", null).executeTakeFirst()) ??
      (await db.insertInto("departments").values({ name: "Company" }).returning("id").executeTakeFirstOrThrow())).id;
  const lastDay = options.lastDay ?? "2024-06-28";
  const departure = await db
    .insertInto("departures")
    .values({
      leaver_user_id: user.id,
      employee_email: `member-${n}@acme.example`,
      employee_name: user.name,
      department_id: departmentId,
      hire_date: options.hireDate ?? null,
      notice_date: lastDay,
      last_day: lastDay,
      type: "voluntary",
      status: "completed",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const profile = await createAlumniProfile(user.id, {
    departureId: departure.id,
    status: options.status ?? "active",
    confirmedAt: new Date("2026-11-28T10:30:00Z"),
    activatedAt: new Date("2026-11-30T00:00:00Z"),
  });
  const visibility = Object.fromEntries(Object.entries(options.show ?? {}).map(([field, shown]) => [VISIBILITY_COLUMN[field as DirectoryField], shown]));
  await db
    .updateTable("alumni_profiles")
    .set({
      current_company: options.company === undefined ? `Company ${n}` : options.company,
      current_title: options.title === undefined ? `Title ${n}` : options.title,
      location: options.location === undefined ? `Town ${n}` : options.location,
      linkedin_url: options.linkedinUrl === undefined ? `https://www.linkedin.com/in/member-${n}` : options.linkedinUrl,
      ...visibility,
    })
    .where("user_id", "=", user.id)
    .execute();
  if (options.listed ?? true) {
    await recordConsent(db, { userId: user.id, purpose: "directory", granted: true, source: "preferences", ip: null, locale: "en" });
  }
  return { user, departureId: departure.id, personalEmail: profile.personal_email, workEmail: `member-${n}@acme.example` };
}
