import type { Transaction } from "kysely";
import type { CalendarDay } from "~/utils/calendar-days";
import type { Database } from "~/utils/db.server";
import type { DepartureType } from "../../../db/schema";

/**
 * The first end of an anonymous response's path (docs/decisions/008): the submit puts it in
 * `anonymous_pool`, which no view reads. The other end, the release into blocks of at least k, is
 * responses/releases.server. The write belongs to the exit flow's submit (it runs in its
 * transaction), and responses sits above exit, so it lives here.
 */

export interface PoolSubmission {
  surveyId: string;
  surveyVersionId: string;
  departmentId: string | null;
  departureType: DepartureType | null;
  /** The company day of the submit. */
  today: CalendarDay;
  enpsScore: number | null;
  answers: unknown;
}

/** Adds one submission to the pool, inside the submit's transaction. Returns nothing: see submit.server. */
export async function addToAnonymousPool(trx: Transaction<Database>, submission: PoolSubmission): Promise<void> {
  await trx
    .insertInto("anonymous_pool")
    .values({
      survey_id: submission.surveyId,
      survey_version_id: submission.surveyVersionId,
      department_id: submission.departmentId,
      departure_type: submission.departureType,
      pooled_on: submission.today,
      enps_score: submission.enpsScore,
      answers: JSON.stringify(submission.answers),
    })
    .execute();
}
