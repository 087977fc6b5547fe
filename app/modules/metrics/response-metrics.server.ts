import type { DB } from "~/utils/db.server";

/**
 * The contract other domains call, inside the transaction that records or removes a confidential
 * survey response (`survey_responses`), so that eNPS rollups, theme rollups and comment scores never
 * disagree with the raw rows (issue 13).
 *
 * FOUNDATION: the metrics work replaces these bodies; the signatures stay.
 */

/** Call after inserting the `survey_responses` row, in the same transaction. */
export async function addResponseToMetrics(_trx: DB, _responseId: string): Promise<void> {}

/** Call before deleting or replacing a `survey_responses` row, in the same transaction. */
export async function removeResponseFromMetrics(_trx: DB, _responseId: string): Promise<void> {}
