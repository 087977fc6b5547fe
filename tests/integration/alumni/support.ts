import { testDb } from "../../support/database";
import { createInvitation, createSurvey } from "../../support/exit";
import { createUser, signIn } from "../../support/factories";
import { installOffboardingDefaults, makeDeparture } from "../../support/offboarding";
import type { AlumniDecision, ExitInvitationStatus, User } from "../../../db/schema";

/** Leavers at the alumni step, set up through the real departure creation. */

let sequence = 0;

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
  lastDay?: string;
  decision?: AlumniDecision | null;
  locale?: "en" | "fr";
  /** A staff member who is leaving: their account exists first (with STAFF_PASSWORD) and keeps its role. */
  staffRole?: "task_owner" | "hr_admin";
}

export const STAFF_PASSWORD = "correct horse battery staple";

export async function setUpAlumni() {
  await installOffboardingDefaults();
}

/** A leaver at acme.example whose invitation is in the given state, signed in. */
export async function makeAlumniLeaver(options: LeaverOptions = {}): Promise<AlumniLeaver> {
  sequence += 1;
  const workEmail = `leaver-${sequence}-${process.pid}@acme.example`;
  const lastDay = options.lastDay ?? "2026-12-18";
  const noticeDate = lastDay < "2026-11-20" ? lastDay : "2026-11-20";
  if (options.staffRole) await createUser({ role: options.staffRole, email: workEmail, password: STAFF_PASSWORD });
  const { departure } = await makeDeparture({ employeeEmail: workEmail, lastDay, noticeDate });
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

export async function emailsTo(address: string) {
  return testDb()
    .selectFrom("emails")
    .select(["template", "to_address", "text", "html", "locale"])
    .where("to_address", "=", address)
    .orderBy("created_at")
    .execute();
}

const CONFIRM_LINK = /http:\/\/localhost:3000\/confirm-email\/([a-z2-7]{32})/;

/** The token in the newest confirmation email sent to the address. */
export async function confirmationTokenFor(address: string): Promise<string> {
  const sent = (await emailsTo(address)).filter((e) => e.template === "alumni-confirm-email").at(-1);
  const token = sent?.text.match(CONFIRM_LINK)?.[1];
  if (!token) throw new Error(`no confirmation link was emailed to ${address}`);
  return token;
}

export async function consentRows(userId: string) {
  return testDb().selectFrom("consent_events").selectAll().where("user_id", "=", userId).orderBy("id").execute();
}

export async function invitationOf(invitationId: string) {
  return testDb().selectFrom("exit_invitations").selectAll().where("id", "=", invitationId).executeTakeFirstOrThrow();
}

export async function profileOf(userId: string) {
  return testDb().selectFrom("alumni_profiles").selectAll().where("user_id", "=", userId).executeTakeFirst();
}
