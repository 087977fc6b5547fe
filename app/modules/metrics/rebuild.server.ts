import { sql } from "kysely";
import type { SentimentLang } from "~/modules/sentiment/analyse";
import type { DB } from "~/utils/db.server";
import { insertAnonymousComments, insertBlockEnps, parseAnswers, questionsOfVersions } from "./block-metrics.server";
import { scoreComments } from "./comments";
import { enpsAggregateSelections, textArray } from "./rollup-sql.server";

/**
 * `npm run cli -- metrics:rebuild`: every rollup and comment score derived again from the raw rows
 * (survey_responses; anonymous_responses with their blocks), in one transaction. Use it after a
 * change of the scorer, or to repair. Idempotent: a second run writes the same rows.
 *
 * The raw tables are locked in SHARE mode first: a submit or a release waits until the rebuild
 * commits (it would otherwise add to a rollup the rebuild then overwrites, or be missed by it), and
 * the rebuild waits for those already under way. Readers are not blocked.
 */

export interface RebuildSummary {
  responses: number;
  blocks: number;
  comments: number;
  anonymousComments: number;
}

const PAGE = 500;

export async function rebuildMetrics(db: DB): Promise<RebuildSummary> {
  return db.transaction().execute(async (trx) => {
    await sql`lock table survey_responses, anonymous_responses, anonymous_blocks in share mode`.execute(trx);
    for (const table of ["anonymous_block_themes", "theme_rollups", "anonymous_comment_scores", "comment_scores", "anonymous_block_enps", "enps_rollups"] as const) {
      await trx.deleteFrom(table).execute();
    }
    await trx
      .insertInto("enps_rollups")
      .columns(["survey_id", "month", "department_id", "departure_type", "responses", "scored", "promoters", "passives", "detractors", "histogram"])
      .expression(
        trx
          .selectFrom("survey_responses")
          .select(["survey_id", "period_month", "department_id", "departure_type", ...enpsAggregateSelections()])
          .groupBy(["survey_id", "period_month", "department_id", "departure_type"]),
      )
      .execute();
    await insertBlockEnps(trx);

    const summary: RebuildSummary = { responses: 0, blocks: 0, comments: 0, anonymousComments: 0 };
    // Confidential comments, a page at a time (keyset on the id): memory stays flat whatever the size.
    for (let after: string | null = null; ; ) {
      const page = await trx
        .selectFrom("survey_responses")
        .select(["id", "survey_version_id", "locale", "answers"])
        .$if(after !== null, (qb) => qb.where("id", ">", after!))
        .orderBy("id")
        .limit(PAGE)
        .execute();
      if (page.length === 0) break;
      after = page[page.length - 1]!.id;
      summary.responses += page.length;
      const questionsOf = await questionsOfVersions(trx, [...new Set(page.map((row) => row.survey_version_id))]);
      const rows = page.flatMap((response) =>
        scoreComments(questionsOf.get(response.survey_version_id) ?? [], parseAnswers(response.answers), response.locale as SentimentLang).map((comment) => ({
          response_id: response.id,
          question_id: comment.questionId,
          score: comment.score,
          label: comment.label,
          lang: comment.lang,
          themes: textArray(comment.themes),
        })),
      );
      if (rows.length > 0) await trx.insertInto("comment_scores").values(rows).execute();
      summary.comments += rows.length;
    }

    // Anonymous comments, block by block, as the release scored them.
    const blocks = await trx.selectFrom("anonymous_blocks").select("id").orderBy("id").execute();
    summary.blocks = blocks.length;
    for (const block of blocks) {
      const responses = await trx.selectFrom("anonymous_responses").select(["survey_version_id", "answers"]).where("block_id", "=", block.id).execute();
      const questionsOf = await questionsOfVersions(trx, [...new Set(responses.map((response) => response.survey_version_id))]);
      const comments = responses.flatMap((response) =>
        scoreComments(questionsOf.get(response.survey_version_id) ?? [], parseAnswers(response.answers)),
      );
      await insertAnonymousComments(trx, block.id, comments);
      summary.anonymousComments += comments.length;
    }

    // Theme rollups from the comment scores just written, by the same keys as the write path.
    await sql`
      insert into theme_rollups (survey_id, month, department_id, departure_type, theme, comments, sentiment_sum, negative, neutral, positive)
      select r.survey_id, r.period_month, r.department_id, r.departure_type, t.theme, count(*)::int, sum(c.score),
        (count(*) filter (where c.label = 'negative'))::int, (count(*) filter (where c.label = 'neutral'))::int, (count(*) filter (where c.label = 'positive'))::int
      from comment_scores c
      join survey_responses r on r.id = c.response_id
      cross join lateral unnest(c.themes) as t(theme)
      group by r.survey_id, r.period_month, r.department_id, r.departure_type, t.theme
    `.execute(trx);
    // Only the questions every response of the block was asked (see block-metrics.server).
    await sql`
      insert into anonymous_block_themes (block_id, theme, comments, sentiment_sum, negative, neutral, positive)
      select c.block_id, t.theme, count(*)::int, sum(c.score),
        (count(*) filter (where c.label = 'negative'))::int, (count(*) filter (where c.label = 'neutral'))::int, (count(*) filter (where c.label = 'positive'))::int
      from anonymous_comment_scores c
      join anonymous_blocks b on b.id = c.block_id
      cross join lateral unnest(c.themes) as t(theme)
      where c.question_id = any(b.common_question_ids)
      group by c.block_id, t.theme
    `.execute(trx);
    return summary;
  });
}
