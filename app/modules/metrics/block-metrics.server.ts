import { parseSurveyDefinition, type Question } from "~/modules/surveys/definition";
import type { DB } from "~/utils/db.server";
import { scoreComments, themeTotals, type ScoredComment } from "./comments";
import { enpsAggregateSelections, textArray } from "./rollup-sql.server";

/**
 * The anonymous side of the rollups (docs/decisions/008 and 026): one row of eNPS counts and one row
 * per theme for each released block, written by the release in its transaction, right after the
 * block's responses. A block never changes after its release, so these rows are written once.
 *
 * Its comments are scored here, at the release (the pool is never read): without a language of
 * their own (a released response keeps none), the scorer detects it. Theme figures count only the
 * questions the block asked of every response (`common_question_ids`): a question asked of some of
 * them only would cut the block by survey version, which HR knows per person.
 */

/** The eNPS rows of one block, or (no id: the rebuild) of every block. */
export async function insertBlockEnps(trx: DB, blockId?: string): Promise<void> {
  await trx
    .insertInto("anonymous_block_enps")
    .columns(["block_id", "responses", "scored", "promoters", "passives", "detractors", "histogram"])
    .expression(
      trx
        .selectFrom("anonymous_responses")
        .select(["block_id", ...enpsAggregateSelections()])
        .$if(blockId !== undefined, (qb) => qb.where("block_id", "=", blockId!))
        .groupBy("block_id"),
    )
    .execute();
}

export async function addBlockToMetrics(trx: DB, blockId: string): Promise<void> {
  await insertBlockEnps(trx, blockId);

  const block = await trx.selectFrom("anonymous_blocks").select(["common_question_ids"]).where("id", "=", blockId).executeTakeFirstOrThrow();
  const responses = await trx
    .selectFrom("anonymous_responses")
    .select(["survey_version_id", "answers"])
    .where("block_id", "=", blockId)
    .execute();
  const questionsOf = await questionsOfVersions(trx, [...new Set(responses.map((response) => response.survey_version_id))]);
  const scoredComments = responses.flatMap((response) =>
    scoreComments(questionsOf.get(response.survey_version_id) ?? [], parseAnswers(response.answers)),
  );
  await insertAnonymousComments(trx, blockId, scoredComments);
  const common = new Set(block.common_question_ids);
  const totals = themeTotals(scoredComments.filter((comment) => common.has(comment.questionId)));
  if (totals.length === 0) return;
  await trx
    .insertInto("anonymous_block_themes")
    .values(
      totals.map((theme) => ({
        block_id: blockId,
        theme: theme.theme,
        comments: theme.comments,
        sentiment_sum: theme.sentimentSum,
        negative: theme.negative,
        neutral: theme.neutral,
        positive: theme.positive,
      })),
    )
    .execute();
}

export function parseAnswers(value: unknown): Record<string, unknown> {
  return (typeof value === "string" ? JSON.parse(value) : value) as Record<string, unknown>;
}

export async function questionsOfVersions(trx: DB, versionIds: string[]): Promise<Map<string, Question[]>> {
  if (versionIds.length === 0) return new Map();
  const versions = await trx.selectFrom("survey_versions").select(["id", "definition"]).where("id", "in", versionIds).execute();
  return new Map(versions.map((version) => [version.id, parseSurveyDefinition(version.definition).questions]));
}

/** The block's comments, without the responses they came from (whose ids appear in no other table). */
export async function insertAnonymousComments(trx: DB, blockId: string, comments: readonly ScoredComment[]) {
  // In slices: a block can be large, and a statement has at most 65,535 parameters.
  for (let start = 0; start < comments.length; start += 1000) {
    await trx
      .insertInto("anonymous_comment_scores")
      .values(
        comments.slice(start, start + 1000).map((comment) => ({
          question_id: comment.questionId,
          block_id: blockId,
          score: comment.score,
          label: comment.label,
          lang: comment.lang,
          themes: textArray(comment.themes),
        })),
      )
      .execute();
  }
}
