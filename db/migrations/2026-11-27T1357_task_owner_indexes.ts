import { sql, type Kysely } from "kysely";

/**
 * Task owners' views beyond the open inbox: "done recently" reads a person's or a team's closed tasks
 * by completion time, and the hourly reminder job looks for open "before the last day" tasks not yet
 * escalated. Partial indexes keep both cheap however many tasks accumulate.
 * Frozen in time: takes Kysely<any>.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index departure_tasks_owner_user_closed_idx on departure_tasks (owner_user_id, completed_at) where status <> 'open'`.execute(db);
  await sql`create index departure_tasks_owner_team_closed_idx on departure_tasks (owner_team_id, completed_at) where status <> 'open'`.execute(db);
  await sql`create index departure_tasks_to_escalate_idx on departure_tasks (departure_id) where status = 'open' and before_last_day and escalated_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists departure_tasks_to_escalate_idx`.execute(db);
  await sql`drop index if exists departure_tasks_owner_team_closed_idx`.execute(db);
  await sql`drop index if exists departure_tasks_owner_user_closed_idx`.execute(db);
}
