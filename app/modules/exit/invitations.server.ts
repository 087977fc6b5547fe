import type { Transaction } from "kysely";
import { enqueue, isQueueRunning } from "~/modules/jobs/boss.server";
import { todayIn, type CalendarDay } from "~/utils/calendar-days";
import { getActiveExitSurveyVersion, type PublishedSurveyVersion } from "~/modules/surveys/surveys.server";
import type { Database } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import type { Departure } from "../../../db/schema";
import { endOfDayIn, expiresOnFor, sendOnFor } from "./invitation-dates";
import { exitInvitationsJob } from "./invitation-job.server";

/**
 * The life of an exit invitation, one per departure: scheduled → invited → started → finished, or
 * cancelled with its departure. Created and kept in step inside the departure's own transactions, so
 * a departure never exists without the invitation it should have, nor a cancelled one with a live one.
 */

export type ExitInvitationRow = Awaited<ReturnType<typeof insertInvitation>>;

/**
 * The invitation of a new departure, to the active exit survey's current version. None when no exit
 * survey is active, when the departure is cancelled, or when it was recorded so late that its flow
 * would already be closed. When the first email is due today it is queued in this transaction, so
 * it goes out right away (without a queue in this process, e.g. the CLI, the hourly run sends it).
 *
 * `activeSurvey`: the active exit survey as the caller already looked it up (null: none is active),
 * for bulk callers that record many departures in one transaction; omitted, it is looked up here.
 */
export async function createExitInvitation(
  trx: Transaction<Database>,
  departure: Departure,
  options: { today: CalendarDay; activeSurvey?: PublishedSurveyVersion | null },
): Promise<ExitInvitationRow | undefined> {
  if (departure.status === "cancelled") return undefined;
  const expiresOn = expiresOnFor(departure.last_day);
  if (expiresOn < options.today) return undefined;
  const survey = options.activeSurvey === undefined ? await getActiveExitSurveyVersion(trx) : options.activeSurvey;
  if (!survey) return undefined;
  const sendOn = sendOnFor({ lastDay: departure.last_day, daysBefore: survey.inviteDaysBeforeLastDay, today: options.today });
  const invitation = await insertInvitation(trx, { departureId: departure.id, surveyVersionId: survey.versionId, sendOn, expiresOn });
  if (invitation && sendOn <= options.today) await queueFirstEmail(trx, invitation.id);
  return invitation;
}

function insertInvitation(
  trx: Transaction<Database>,
  values: { departureId: string; surveyVersionId: string; sendOn: CalendarDay; expiresOn: CalendarDay },
) {
  return trx
    .insertInto("exit_invitations")
    .values({
      departure_id: values.departureId,
      survey_version_id: values.surveyVersionId,
      send_on: values.sendOn,
      expires_on: values.expiresOn,
    })
    .onConflict((oc) => oc.column("departure_id").doNothing())
    .returningAll()
    .executeTakeFirst();
}

async function queueFirstEmail(trx: Transaction<Database>, invitationId: string) {
  if (isQueueRunning()) await enqueue(exitInvitationsJob, { invitationId }, { trx });
}

/**
 * Keeps the invitation in step with its departure after a change (updateDeparture's transaction):
 * - cancelled departure: the invitation is cancelled (no more emails; its links stop working); a
 *   finished one stays finished;
 * - a cancellation undone: the invitation resumes where it was;
 * - new dates: the links work until 30 days after the new last day, and an invitation not yet sent
 *   is re-planned (N days before the new last day, when the survey says so).
 */
export async function syncExitInvitation(
  trx: Transaction<Database>,
  departure: Departure,
  options: { today?: CalendarDay; timeZone?: string } = {},
): Promise<void> {
  const invitation = await trx
    .selectFrom("exit_invitations as i")
    .innerJoin("survey_versions as v", "v.id", "i.survey_version_id")
    .innerJoin("surveys as s", "s.id", "v.survey_id")
    .select(["i.id", "i.status", "i.send_on", "i.expires_on", "i.invited_at", "i.started_at", "s.invite_days_before_last_day"])
    .where("i.departure_id", "=", departure.id)
    .forUpdate("i")
    .executeTakeFirst();
  if (!invitation || invitation.status === "finished") return;
  const now = new Date();
  if (departure.status === "cancelled") {
    if (invitation.status !== "cancelled") {
      await trx.updateTable("exit_invitations").set({ status: "cancelled", updated_at: now }).where("id", "=", invitation.id).execute();
    }
    return;
  }

  const timeZone = options.timeZone ?? getEnv().COMPANY_TIME_ZONE;
  const today = options.today ?? todayIn(timeZone, now);
  const status =
    invitation.status !== "cancelled" ? invitation.status : invitation.started_at ? "started" : invitation.invited_at ? "invited" : "scheduled";
  const expiresOn = expiresOnFor(departure.last_day);
  const sendOn =
    status === "scheduled" && invitation.invite_days_before_last_day !== null
      ? sendOnFor({ lastDay: departure.last_day, daysBefore: invitation.invite_days_before_last_day, today })
      : invitation.send_on;
  if (status === invitation.status && expiresOn === invitation.expires_on && sendOn === invitation.send_on) return;

  await trx
    .updateTable("exit_invitations")
    .set({ status, expires_on: expiresOn, send_on: sendOn, updated_at: now })
    .where("id", "=", invitation.id)
    .execute();
  if (expiresOn !== invitation.expires_on) {
    // Links sent with the invitation's window move with it; a new link asked for from an expired one
    // keeps its own seven days.
    await trx
      .updateTable("exit_links")
      .set({ expires_at: endOfDayIn(expiresOn, timeZone) })
      .where("invitation_id", "=", invitation.id)
      .where("expires_at", "=", endOfDayIn(invitation.expires_on, timeZone))
      .execute();
  }
  if (status === "scheduled" && sendOn <= today) await queueFirstEmail(trx, invitation.id);
}
