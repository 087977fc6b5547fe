import { randomInt } from "node:crypto";
import { sql } from "kysely";
import { recordAudit } from "~/modules/auth/audit.server";
import { getSurveyVersion } from "~/modules/surveys/surveys.server";
import type { CalendarDay } from "~/utils/calendar-days";
import type { DB } from "~/utils/db.server";
import { DomainFailure } from "~/utils/failures";
import { pulseAnswers, pulseQuestions } from "./pulse-survey";

/**
 * Closing a pulse: after its last day (the minute tick, company calendar) or earlier when HR decides.
 * From then on the answer page records nothing.
 *
 * An anonymous pulse's answers were kept with the person only so that they could be replaced while it
 * was open (the answer page says so). At the close they go, in the close's transaction, into the
 * anonymous pool (docs/decisions/008): department and departure type from the alumnus's departure,
 * `pooled_on` = the day it closed, the score and the answers in the survey's format — in random order,
 * with no id read back — and their `pulse_answers` rows are deleted. The release job then publishes
 * them in blocks of at least k, as it does exit answers. A second, short transaction rewrites the
 * pulse row and writes the audit entry, so that no live row outside the pool carries the close's
 * transaction id (the `xmin` argument of ADR 008).
 */

export type CloseOutcome = "closed" | "alreadyClosed";

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let index = out.length - 1; index > 0; index -= 1) {
    const other = randomInt(index + 1);
    [out[index], out[other]] = [out[other]!, out[index]!];
  }
  return out;
}

/**
 * Closes a sending or open pulse. Refused (`pulse.wrongState`) for a scheduled or cancelled one (HR
 * cancels those instead); a pulse already closed is "alreadyClosed" (a double click, or the job and
 * HR at the same moment).
 */
export async function closePulse(db: DB, pulseId: string, input: { actorUserId: string | null; today: CalendarDay; now?: Date }): Promise<CloseOutcome> {
  const now = input.now ?? new Date();
  const result = await db.transaction().execute(async (trx) => {
    const pulse = await trx
      .selectFrom("pulses")
      .select(["status", "survey_id", "survey_version_id", "closes_on"])
      .where("id", "=", pulseId)
      .forUpdate()
      .executeTakeFirst();
    if (!pulse) throw DomainFailure.notFound("pulse.notFound");
    if (pulse.status === "closed") return { outcome: "alreadyClosed" as const };
    if (pulse.status !== "sending" && pulse.status !== "open") throw DomainFailure.refused("pulse.wrongState", { status: pulse.status });

    const version = await getSurveyVersion(trx, pulse.survey_version_id);
    const questions = version ? pulseQuestions(version.definition) : null;
    if (!version || !questions) throw new Error(`Pulse ${pulseId}: its survey version is not a pulse survey.`);
    const { rows: counted } = await sql<{ n: number }>`select count(*)::int as n from pulse_answers where pulse_id = ${pulseId}`.execute(trx);
    const answers = Number(counted[0]?.n ?? 0);
    const anonymous = version.confidentiality === "anonymous";

    if (anonymous && answers > 0) {
      const closeDay = input.today < pulse.closes_on ? input.today : pulse.closes_on;
      const rows = await trx
        .selectFrom("pulse_answers as a")
        .leftJoin("alumni_profiles as ap", "ap.user_id", "a.user_id")
        .leftJoin("departures as d", "d.id", "ap.departure_id")
        .select(["a.enps_score", "a.comment", "d.department_id", "d.type"])
        .where("a.pulse_id", "=", pulseId)
        .execute();
      // Nothing of the person goes along: no user, no time finer than the close day, no id read back.
      await trx
        .insertInto("anonymous_pool")
        .values(
          shuffled(rows).map((row) => ({
            survey_id: pulse.survey_id,
            survey_version_id: pulse.survey_version_id,
            department_id: row.department_id ?? null,
            departure_type: row.type ?? null,
            pooled_on: closeDay,
            enps_score: row.enps_score,
            answers: JSON.stringify(pulseAnswers(questions, { score: row.enps_score, comment: row.comment })),
          })),
        )
        .execute();
      await trx.deleteFrom("pulse_answers").where("pulse_id", "=", pulseId).execute();
    }
    await trx
      .updateTable("pulses")
      .set({ status: "closed", closed_at: now, answers_at_close: answers, updated_at: now })
      .where("id", "=", pulseId)
      .execute();
    return { outcome: "closed" as const, answers, early: input.today <= pulse.closes_on };
  });
  if (result.outcome === "alreadyClosed") return result.outcome;

  await db.transaction().execute(async (trx) => {
    await trx.updateTable("pulses").set({ updated_at: sql<Date>`now()` }).where("id", "=", pulseId).execute();
    // Recipients not mailed yet (HR closed during the send) will not be: the question is over.
    await trx
      .updateTable("pulse_deliveries")
      .set({ status: "skipped", skip_reason: "pulseClosed", updated_at: now })
      .where("pulse_id", "=", pulseId)
      .where("status", "=", "pending")
      .execute();
    await recordAudit(trx, {
      actorUserId: input.actorUserId,
      action: "pulse.close",
      subjectType: "pulse",
      subjectId: pulseId,
      data: { answers: result.answers, early: result.early },
    });
  });
  return "closed";
}

/** Closes every sending or open pulse whose last day is before `today`; returns how many. */
export async function closeDuePulses(db: DB, input: { today: CalendarDay; now?: Date }): Promise<number> {
  const due = await db.selectFrom("pulses").select("id").where("status", "in", ["sending", "open"]).where("closes_on", "<", input.today).execute();
  let closed = 0;
  for (const { id } of due) {
    if ((await closePulse(db, id, { actorUserId: null, today: input.today, now: input.now })) === "closed") closed += 1;
  }
  return closed;
}
