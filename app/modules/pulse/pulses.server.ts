import { sql } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { enqueue } from "~/modules/jobs/boss.server";
import { surveyDefinitionSchema } from "~/modules/surveys/definition";
import { getSurveyVersion } from "~/modules/surveys/surveys.server";
import { addCalendarDays, todayIn, type CalendarDay } from "~/utils/calendar-days";
import type { DB } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import type { Confidentiality, PulseStatus } from "../../../db/schema";
import { pulseSendJob } from "./jobs.server";
import { pulseQuestions } from "./pulse-survey";

/**
 * HR's side of a pulse: which surveys can be sent, scheduling, cancelling, the list and one pulse's
 * progress. Sending is send.server.ts, answering answer.server.ts, closing close.server.ts.
 *
 *   scheduled ──(send_at: snapshot)──▶ sending ──(every email queued)──▶ open ──(closes_on over, or HR)──▶ closed
 *   scheduled ──cancel──▶ cancelled
 */

/** A pulse stays open at most this long: a question answered months later says little about now. */
export const PULSE_MAX_OPEN_DAYS = 60;
/** A sending time filled in slowly may have just passed; anything earlier is a mistake. */
const PAST_TOLERANCE_MS = 60_000;

export interface PulseSurveyChoice {
  surveyId: string;
  name: { en: string; fr: string };
  confidentiality: Confidentiality;
  /** False when the published version is not one eNPS question and an optional comment. */
  ready: boolean;
}

/** The published, unarchived pulse surveys HR can send, with whether each has the shape a pulse asks. */
export async function pulseSurveyChoices(db: DB): Promise<PulseSurveyChoice[]> {
  const rows = await db
    .selectFrom("surveys as s")
    .innerJoin("survey_versions as v", "v.id", "s.current_version_id")
    .select(["s.id", "s.name_en", "s.name_fr", "v.confidentiality", "v.definition"])
    .where("s.kind", "=", "pulse")
    .where("s.archived_at", "is", null)
    .orderBy("s.name_en")
    .execute();
  return rows.map((row) => {
    const definition = surveyDefinitionSchema.safeParse(typeof row.definition === "string" ? JSON.parse(row.definition) : row.definition);
    const ready = definition.success && pulseQuestions(definition.data) !== null;
    return { surveyId: row.id, name: { en: row.name_en, fr: row.name_fr }, confidentiality: row.confidentiality, ready };
  });
}

export interface ScheduleInput {
  surveyId: string;
  sendAt: Date;
  closesOn: CalendarDay;
  actorUserId: string | null;
  timeZone: string;
  now?: Date;
}

/**
 * Schedules a pulse of the survey's current version: its send job is queued in the same transaction
 * with `startAfter` = the sending time (the minute tick is the safety net). Refusals are coded
 * (ADR 013): the survey is not a published pulse survey of the right shape, the time has passed, or
 * the closing day is before the sending day or too far after it.
 */
export async function schedulePulse(db: DB, input: ScheduleInput): Promise<{ pulseId: string }> {
  const now = input.now ?? new Date();
  if (input.sendAt.getTime() < now.getTime() - PAST_TOLERANCE_MS) throw DomainFailure.invalid("time", "pulse.sendInPast");
  const sendDay = todayIn(input.timeZone, input.sendAt);
  if (input.closesOn < sendDay) throw DomainFailure.invalid("closesOn", "pulse.closesBeforeSend");
  if (input.closesOn > addCalendarDays(sendDay, PULSE_MAX_OPEN_DAYS)) throw DomainFailure.invalid("closesOn", "pulse.closesTooLate", { max: PULSE_MAX_OPEN_DAYS });
  return db.transaction().execute(async (trx) => {
    const survey = await trx
      .selectFrom("surveys")
      .select(["id", "kind", "current_version_id", "archived_at"])
      .where("id", "=", input.surveyId)
      .forShare()
      .executeTakeFirst();
    if (!survey || survey.kind !== "pulse" || survey.archived_at || !survey.current_version_id) throw DomainFailure.invalid("surveyId", "pulse.surveyNotFound");
    const version = await getSurveyVersion(trx, survey.current_version_id);
    if (!version || !pulseQuestions(version.definition)) throw DomainFailure.invalid("surveyId", "pulse.surveyShape");
    const pulse = await trx
      .insertInto("pulses")
      .values({ survey_id: survey.id, survey_version_id: version.versionId, send_at: input.sendAt, closes_on: input.closesOn, created_by: input.actorUserId })
      .returning("id")
      .executeTakeFirstOrThrow();
    await enqueue(pulseSendJob, { pulseId: pulse.id }, { trx, startAfter: input.sendAt });
    await recordAudit(trx, {
      actorUserId: input.actorUserId,
      action: "pulse.schedule",
      subjectType: "pulse",
      subjectId: pulse.id,
      data: { surveyVersionId: version.versionId, sendAt: input.sendAt.toISOString(), closesOn: input.closesOn },
    });
    return { pulseId: pulse.id };
  });
}

/** Cancels a pulse that has not started sending; nothing was sent, so nothing else changes. */
export async function cancelPulse(db: DB, pulseId: string, actorUserId: string | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const pulse = await trx.selectFrom("pulses").select("status").where("id", "=", pulseId).forUpdate().executeTakeFirst();
    if (!pulse) throw DomainFailure.notFound("pulse.notFound");
    if (pulse.status !== "scheduled") throw DomainFailure.refused("pulse.wrongState", { status: pulse.status });
    await trx.updateTable("pulses").set({ status: "cancelled", updated_at: new Date() }).where("id", "=", pulseId).execute();
    await recordAudit(trx, { actorUserId, action: "pulse.cancel", subjectType: "pulse", subjectId: pulseId });
  });
}

export interface PulseSummary {
  id: string;
  surveyName: { en: string; fr: string };
  confidentiality: Confidentiality;
  status: PulseStatus;
  sendAt: Date;
  closesOn: CalendarDay;
  closedAt: Date | null;
  recipients: number;
  /** Emails queued so far (equal to `recipients` minus the skipped once the send is over). */
  emailsQueued: number;
  /** Answers so far; for a closed pulse, the count at the close. */
  answers: number;
}

function summaries(db: DB) {
  return db
    .selectFrom("pulses as p")
    .innerJoin("surveys as s", "s.id", "p.survey_id")
    .innerJoin("survey_versions as v", "v.id", "p.survey_version_id")
    .select([
      "p.id",
      "s.name_en",
      "s.name_fr",
      "v.confidentiality",
      "p.status",
      "p.send_at",
      "p.closes_on",
      "p.closed_at",
      "p.recipient_count",
      "p.answers_at_close",
      sql<number>`(select count(*)::int from pulse_deliveries d where d.pulse_id = p.id and d.status = 'queued')`.as("emails_queued"),
      sql<number>`(select count(*)::int from pulse_answers a where a.pulse_id = p.id)`.as("live_answers"),
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaries>["execute"]>>[number];

function toSummary(row: SummaryRow): PulseSummary {
  return {
    id: row.id,
    surveyName: { en: row.name_en, fr: row.name_fr },
    confidentiality: row.confidentiality,
    status: row.status,
    sendAt: row.send_at,
    closesOn: row.closes_on,
    closedAt: row.closed_at,
    recipients: row.recipient_count,
    emailsQueued: Number(row.emails_queued),
    answers: row.answers_at_close ?? Number(row.live_answers),
  };
}

/** Every pulse, the latest sending first. */
export async function listPulses(db: DB): Promise<PulseSummary[]> {
  const rows = await summaries(db).orderBy("p.send_at", "desc").orderBy("p.id").execute();
  return rows.map(toSummary);
}

/** One pulse, or null. */
export async function getPulseSummary(db: DB, pulseId: string): Promise<PulseSummary | null> {
  const row = await summaries(db).where("p.id", "=", pulseId).executeTakeFirst();
  return row ? toSummary(row) : null;
}
