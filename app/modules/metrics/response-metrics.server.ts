import { sql } from "kysely";
import type { SentimentLang } from "~/modules/sentiment/analyse";
import { parseSurveyDefinition } from "~/modules/surveys/definition";
import type { DB } from "~/utils/db.server";
import { scoreComments, themeTotals, type ThemeTotals } from "./comments";
import { histogramLiteral, histogramSum, responseDelta, textArray } from "./rollup-sql.server";

/**
 * The contract other domains call, inside the transaction that records or removes a confidential
 * survey response (`survey_responses`), so that eNPS rollups, theme rollups and comment scores never
 * disagree with the raw rows (docs/decisions/026).
 *
 * Every rollup write is one `INSERT … ON CONFLICT DO UPDATE SET x = x + excluded.x`: two submits at
 * once on the same key serialise on the row and neither increment is lost. A removal adds the
 * negative of what the response contributed (its comments as they were scored, read back from
 * comment_scores, so a later change of the scorer cannot unbalance a rollup), then deletes rows left
 * at zero, so that the rollups hold exactly the groups a GROUP BY of the raw rows would.
 */

interface ResponseKey {
  survey_id: string;
  period_month: string;
  department_id: string | null;
  departure_type: string | null;
}

async function readResponse(trx: DB, responseId: string) {
  return trx
    .selectFrom("survey_responses as r")
    .innerJoin("survey_versions as v", "v.id", "r.survey_version_id")
    .select(["r.survey_id", "r.period_month", "r.department_id", "r.departure_type", "r.enps_score", "r.locale", "r.answers", "v.definition"])
    .where("r.id", "=", responseId)
    .executeTakeFirst();
}

/** Call after inserting the `survey_responses` row, in the same transaction. */
export async function addResponseToMetrics(trx: DB, responseId: string): Promise<void> {
  const response = await readResponse(trx, responseId);
  if (!response) throw new Error(`addResponseToMetrics: survey response ${responseId} does not exist (call it after the insert, in the same transaction)`);
  await addToEnpsRollup(trx, response, response.enps_score);

  const answers = (typeof response.answers === "string" ? JSON.parse(response.answers) : response.answers) as Record<string, unknown>;
  const comments = scoreComments(parseSurveyDefinition(response.definition).questions, answers, response.locale as SentimentLang);
  if (comments.length === 0) return;
  await trx
    .insertInto("comment_scores")
    .values(
      comments.map((comment) => ({
        response_id: responseId,
        question_id: comment.questionId,
        score: comment.score,
        label: comment.label,
        lang: comment.lang,
        themes: textArray(comment.themes),
      })),
    )
    .execute();
  await addToThemeRollups(trx, response, themeTotals(comments, 1));
}

/** Call before deleting or replacing a `survey_responses` row, in the same transaction. */
export async function removeResponseFromMetrics(trx: DB, responseId: string): Promise<void> {
  const response = await trx
    .selectFrom("survey_responses")
    .select(["survey_id", "period_month", "department_id", "departure_type", "enps_score"])
    .where("id", "=", responseId)
    .executeTakeFirst();
  if (!response) return;
  // An UPDATE, not the upsert: the row exists (the response was added), and an insert's proposed
  // row of −1 would fail the table's checks before the conflict is even looked at.
  const delta = responseDelta(response.enps_score, -1);
  await trx
    .updateTable("enps_rollups")
    .set({
      responses: sql`responses + ${delta.responses}::int`,
      scored: sql`scored + ${delta.scored}::int`,
      promoters: sql`promoters + ${delta.promoters}::int`,
      passives: sql`passives + ${delta.passives}::int`,
      detractors: sql`detractors + ${delta.detractors}::int`,
      histogram: sql`array[${sql.join(delta.histogram.map((count, index) => sql`histogram[${sql.raw(String(index + 1))}] + ${count}::int`))}]`,
    })
    .where(keyMatches(response))
    .execute();
  await trx
    .deleteFrom("enps_rollups")
    .where(keyMatches(response))
    .where("responses", "=", 0)
    .execute();

  const comments = await trx.deleteFrom("comment_scores").where("response_id", "=", responseId).returning(["score", "label", "themes"]).execute();
  for (const totals of themeTotals(comments, -1)) {
    await trx
      .updateTable("theme_rollups")
      .set({
        comments: sql`comments + ${totals.comments}::int`,
        sentiment_sum: sql`sentiment_sum + ${totals.sentimentSum}::numeric`,
        negative: sql`negative + ${totals.negative}::int`,
        neutral: sql`neutral + ${totals.neutral}::int`,
        positive: sql`positive + ${totals.positive}::int`,
      })
      .where(keyMatches(response))
      .where("theme", "=", totals.theme)
      .execute();
  }
  await trx
    .deleteFrom("theme_rollups")
    .where(keyMatches(response))
    .where("comments", "=", 0)
    .execute();
}

/** The rollup key, nulls equal to nulls (as the unique index treats them). */
function keyMatches(key: ResponseKey) {
  return sql<boolean>`survey_id = ${key.survey_id}::uuid and month = ${key.period_month}::date
    and department_id is not distinct from ${key.department_id}::uuid
    and departure_type is not distinct from ${key.departure_type}::text`;
}

async function addToEnpsRollup(trx: DB, key: ResponseKey, enpsScore: number | null) {
  const delta = responseDelta(enpsScore, 1);
  await trx
    .insertInto("enps_rollups")
    .values({
      survey_id: key.survey_id,
      month: key.period_month,
      department_id: key.department_id,
      departure_type: key.departure_type as never,
      responses: delta.responses,
      scored: delta.scored,
      promoters: delta.promoters,
      passives: delta.passives,
      detractors: delta.detractors,
      histogram: histogramLiteral(delta.histogram),
    })
    .onConflict((oc) =>
      oc.columns(["survey_id", "month", "department_id", "departure_type"]).doUpdateSet({
        responses: sql`enps_rollups.responses + excluded.responses`,
        scored: sql`enps_rollups.scored + excluded.scored`,
        promoters: sql`enps_rollups.promoters + excluded.promoters`,
        passives: sql`enps_rollups.passives + excluded.passives`,
        detractors: sql`enps_rollups.detractors + excluded.detractors`,
        histogram: histogramSum("enps_rollups"),
      }),
    )
    .execute();
}

async function addToThemeRollups(trx: DB, key: ResponseKey, totals: ThemeTotals[]) {
  if (totals.length === 0) return;
  await trx
    .insertInto("theme_rollups")
    .values(
      totals.map((totals) => ({
        survey_id: key.survey_id,
        month: key.period_month,
        department_id: key.department_id,
        departure_type: key.departure_type as never,
        theme: totals.theme,
        comments: totals.comments,
        sentiment_sum: totals.sentimentSum,
        negative: totals.negative,
        neutral: totals.neutral,
        positive: totals.positive,
      })),
    )
    .onConflict((oc) =>
      oc.columns(["survey_id", "month", "department_id", "departure_type", "theme"]).doUpdateSet({
        comments: sql`theme_rollups.comments + excluded.comments`,
        sentiment_sum: sql`theme_rollups.sentiment_sum + excluded.sentiment_sum`,
        negative: sql`theme_rollups.negative + excluded.negative`,
        neutral: sql`theme_rollups.neutral + excluded.neutral`,
        positive: sql`theme_rollups.positive + excluded.positive`,
      }),
    )
    .execute();
}
