import { sql } from "kysely";
import { runQueuedJobs } from "~/modules/jobs/boss.server";
import { privacyEraseJob } from "~/modules/privacy/erase-job.server";
import { requestErasure } from "~/modules/privacy/erasure.server";
import { testDb } from "../../support/database";

/** Every text-like column of every table, both schemas (pg-boss's too): where a trace could hide. */
async function textColumns() {
  const { rows } = await sql<{ schema: string; table: string; column: string }>`
    select c.table_schema as schema, c.table_name as table, c.column_name as column
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema in ('public', 'pgboss')
      and c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'ARRAY')
    order by 1, 2, 3
  `.execute(testDb());
  return rows;
}

/** "schema.table.column" of every column holding one of the terms, whatever the case. */
export async function scanFor(terms: readonly string[]): Promise<string[]> {
  const columns = await textColumns();
  const found: string[] = [];
  for (const { schema, table, column } of columns) {
    const { rows } = await sql<{ hit: boolean }>`
      select exists (
        select 1 from ${sql.id(schema, table)}
        where ${sql.join(terms.map((term) => sql`strpos(lower(${sql.ref(column)}::text), ${term.toLowerCase()}) > 0`), sql` or `)}
      ) as hit
    `.execute(testDb());
    if (rows[0]?.hit) found.push(`${schema}.${table}.${column}`);
  }
  return found;
}

/** The figures erasure must leave as they are. */
export async function aggregates() {
  const db = testDb();
  const q = async (query: ReturnType<typeof sql>) => (await query.execute(db)).rows;
  return {
    enps: await q(sql`select survey_id, month, department_id, departure_type, responses, scored, promoters, passives, detractors, histogram from enps_rollups order by 1, 2, 3, 4`),
    themes: await q(sql`select survey_id, month, theme, comments, sentiment_sum from theme_rollups order by 1, 2, 3`),
    responses: await q(sql`select survey_id, count(*)::int as n, sum(enps_score)::int as total from survey_responses group by 1 order by 1`),
    commentScores: await q(sql`select count(*)::int as n from comment_scores`),
    clicks: await q(sql`select link_id, count(*)::int as n from link_clicks group by 1 order by 1`),
    shares: await q(sql`select link_id, count(*)::int as n from share_intents group by 1 order by 1`),
    newsletter: await q(sql`select issue_id, status, count(*)::int as n, count(delivered_at)::int as delivered, count(clicked_at)::int as clicked from newsletter_recipients group by 1, 2 order by 1, 2`),
    pulses: await q(sql`select id, recipient_count from pulses order by 1`),
    departures: await q(sql`select department_id, type, last_day, count(*)::int as n from departures group by 1, 2, 3 order by 1, 2, 3`),
  };
}

/** Erases the person the way the product does: the request, then its job. */
export async function erase(userId: string, requestedBy: { userId: string } | null = null) {
  const { requestId } = await requestErasure(testDb(), { userId, requestedBy, reason: requestedBy ? "hr" : "self" });
  await runQueuedJobs([privacyEraseJob.name]);
  return requestId;
}
