import { runQueuedJobs } from "~/modules/jobs/boss.server";
import { addCalendarDays, todayIn } from "~/utils/calendar-days";
import { testDb } from "../../support/database";
import { makeDeparture } from "../../factories";

/**
 * Shared by the invitation and link tests. Days are counted from the real today (UTC, the tests'
 * company time zone) because the job that sends a departure's first email runs on the real clock;
 * everything else passes its own `now`.
 */

export const TODAY = todayIn("UTC");

export function day(offset: number): string {
  return addCalendarDays(TODAY, offset);
}

/** An instant on a day, at a whole hour UTC. */
export function at(calendarDay: string, hour: number): Date {
  return new Date(`${calendarDay}T${String(hour).padStart(2, "0")}:00:00Z`);
}

export const EXIT_LINK = /http:\/\/localhost:3000\/exit\/link\/([a-z2-7]{32})/;

/** A departure recorded today, last day in three weeks, through the real domain function. */
export async function recordDeparture(overrides: Record<string, unknown> = {}) {
  const { departure } = await makeDeparture({ noticeDate: TODAY, lastDay: day(21), ...overrides }, { today: TODAY });
  return departure;
}

export function invitationOf(departureId: string) {
  return testDb().selectFrom("exit_invitations").selectAll().where("departure_id", "=", departureId).executeTakeFirstOrThrow();
}

export function exitEmails(template?: "exit-invitation" | "exit-reminder") {
  let query = testDb().selectFrom("emails").selectAll().where("template", "in", ["exit-invitation", "exit-reminder"]);
  if (template) query = query.where("template", "=", template);
  return query.orderBy("created_at").orderBy("to_address").execute();
}

export function tokenIn(email: { text: string }): string {
  const token = email.text.match(EXIT_LINK)?.[1];
  if (!token) throw new Error("no exit link in this email");
  return token;
}

/** Runs the queued job that sends the first email of the invitations recorded today. */
export function sendQueuedInvitations() {
  return runQueuedJobs(["exit.invitations"]);
}

/** Records a departure, sends its invitation and returns the link token emailed to `address`. */
export async function invitedDeparture(overrides: Record<string, unknown> = {}) {
  const departure = await recordDeparture(overrides);
  await sendQueuedInvitations();
  const emails = (await exitEmails("exit-invitation")).filter((email) => email.user_id === departure.leaver_user_id);
  return { departure, emails, token: tokenIn(emails[0]!) };
}
