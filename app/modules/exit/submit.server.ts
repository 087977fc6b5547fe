import { sql } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import type { AppLocale } from "~/modules/i18n/config";
import { monthOf, type CalendarDay } from "~/utils/calendar-days";
import { addResponseToMetrics } from "~/modules/metrics/response-metrics.server";
import { enpsScore, validateAllAnswers } from "~/modules/surveys/answers";
import { emitWebhookEvent } from "~/modules/webhooks/events.server";
import type { DB } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { startOfDayIn } from "./invitation-dates";
import { activeReasons, companyToday, loadFlowSurvey, readDraftAnswers } from "./flow.server";
import { addToAnonymousPool } from "./anonymous-pool.server";

/**
 * The final submit: the saved answers become one survey response, exactly once however many tabs
 * or clicks send it, and — for an anonymous survey — with nothing that leads back to the person.
 * See docs/decisions/008-exit-flow-anonymity-and-consent.md.
 */

export type SubmitResult =
  | { outcome: "submitted" }
  /** Sent before (another tab, a double click): nothing more is stored, the leaver moves on. */
  | { outcome: "already_submitted" }
  /** Cancelled, expired or not open: nothing is stored. */
  | { outcome: "closed" }
  /**
   * A saved answer no longer passes (a hidden page became visible, a reason was withdrawn). Only
   * where: the page, checked again there, says what to fix in the leaver's words.
   */
  | { outcome: "invalid"; /** 1-based */ firstInvalidPage: number };

export interface SubmitInput {
  invitationId: string;
  /** The leaver, for the audit log. */
  userId: string;
  /** The language the leaver answered in, kept with the response. */
  locale: AppLocale;
  now?: Date;
  today?: CalendarDay;
  timeZone?: string;
}

export async function submitExitResponse(db: DB, input: SubmitInput): Promise<SubmitResult> {
  const now = input.now ?? new Date();
  const today = input.today ?? companyToday();
  const timeZone = input.timeZone ?? getEnv().COMPANY_TIME_ZONE;

  const result = await db.transaction().execute(async (trx): Promise<Exclude<SubmitResult, { outcome: "submitted" }> | { outcome: "submitted"; anonymousSurveyId: string | null }> => {
    // Every submit of this invitation queues here; the second one finds it finished.
    const invitation = await trx
      .selectFrom("exit_invitations")
      .select(["id", "status", "departure_id", "survey_version_id", "expires_on", "send_on"])
      .where("id", "=", input.invitationId)
      .forUpdate()
      .executeTakeFirst();
    if (!invitation) return { outcome: "closed" };
    if (invitation.status === "finished") return { outcome: "already_submitted" };
    if (!["scheduled", "invited", "started"].includes(invitation.status) || today > invitation.expires_on) return { outcome: "closed" };

    const departure = await trx
      .selectFrom("departures")
      .select(["department_id", "type", "status"])
      .where("id", "=", invitation.departure_id)
      .executeTakeFirstOrThrow();
    if (departure.status === "cancelled") return { outcome: "closed" };

    const [survey, draft, reasons] = await Promise.all([
      loadFlowSurvey(trx, invitation.survey_version_id),
      readDraftAnswers(trx, invitation.id),
      activeReasons(trx),
    ]);
    // Which answers fail is all the submit needs: the page, checked again there, says what to fix.
    const checked = validateAllAnswers(survey.definition, draft, { reasonCodes: reasons.map((r) => r.code) });
    if (!checked.ok) {
      // Resume at the first page in error, where the leaver sees what to fix.
      await trx
        .updateTable("exit_invitations")
        .set({ current_page: checked.firstInvalidPage, updated_at: now })
        .where("id", "=", invitation.id)
        .execute();
      return { outcome: "invalid", firstInvalidPage: checked.firstInvalidPage + 1 };
    }

    const anonymous = survey.confidentiality === "anonymous";
    const enps = enpsScore(survey.definition, checked.answers);
    if (anonymous) {
      // Into the pool, which no view reads: a later release publishes it inside a block of at least
      // k responses (docs/decisions/008). Nothing returned, nothing logged.
      await addToAnonymousPool(trx, {
        surveyId: survey.surveyId,
        surveyVersionId: survey.versionId,
        departmentId: departure.department_id,
        departureType: departure.type,
        today,
        enpsScore: enps,
        answers: checked.answers,
      });
    } else {
      const response = await trx
        .insertInto("survey_responses")
        .values({
          survey_id: survey.surveyId,
          survey_version_id: survey.versionId,
          confidentiality: "confidential",
          invitation_id: invitation.id,
          submitted_at: now,
          period_month: monthOf(today),
          department_id: departure.department_id,
          departure_type: departure.type,
          locale: input.locale,
          enps_score: enps,
          answers: JSON.stringify(checked.answers),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      // The rollups move with the raw row, in its transaction (docs/decisions/026).
      await addResponseToMetrics(trx, response.id);
      // Never the answers (docs/decisions/035); an anonymous survey's event is emitted by afterSubmit.
      await emitWebhookEvent(trx, {
        type: "exit_survey.completed",
        data: { confidentiality: "confidential", surveyId: survey.surveyId, departureId: invitation.departure_id },
      });
    }
    await trx.deleteFrom("exit_response_drafts").where("invitation_id", "=", invitation.id).execute();
    await trx
      .updateTable("exit_invitations")
      .set({
        status: "finished",
        // Anonymous: the day only (midnight in the company's zone), never the moment.
        finished_at: anonymous ? startOfDayIn(today, timeZone) : now,
        updated_at: now,
      })
      .where("id", "=", invitation.id)
      .execute();
    return { outcome: "submitted", anonymousSurveyId: anonymous ? survey.surveyId : null };
  });

  if (result.outcome !== "submitted") return result;
  await afterSubmit(db, input, result.anonymousSurveyId);
  return { outcome: "submitted" };
}

/**
 * A second, separate transaction. PostgreSQL stamps every row version with the id of the
 * transaction that wrote it (xmin): after the first transaction the response and the invitation
 * carry the same one, which would pair them. Rewriting the invitation gives its live row another
 * transaction id. The audit entry is written here too, for the same reason, and names the
 * invitation, never the response.
 *
 * So is an anonymous survey's `exit_survey.completed` webhook event (docs/decisions/035): written with
 * the pool entry it would share the entry's transaction id and an exact time, which the audit entry
 * ties to the invitation. Here it shares them only with rows that already name the invitation, and
 * it names nobody: the survey only, no departure, person or response.
 */
async function afterSubmit(db: DB, input: SubmitInput, anonymousSurveyId: string | null) {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("exit_invitations").set({ updated_at: sql<Date>`now()` }).where("id", "=", input.invitationId).execute();
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "exit.survey_finished",
      subjectType: "exit_invitation",
      subjectId: input.invitationId,
    });
    if (anonymousSurveyId) await emitWebhookEvent(trx, { type: "exit_survey.completed", data: { confidentiality: "anonymous", surveyId: anonymousSurveyId } });
  });
}
