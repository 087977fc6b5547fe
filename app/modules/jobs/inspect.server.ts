import { sql } from "kysely";
import type { DB } from "~/utils/db.server";
import type { JOB_STATES } from "./job-states";

export interface JobSummary {
  id: string;
  name: string;
  state: string;
  retryCount: number;
  createdOn: Date;
  startAfter: Date;
  completedOn: Date | null;
}


/** Recent jobs from pg-boss's table (pg-boss 10 has no listing API), newest first. */
export async function listJobs(
  db: DB,
  filter: { queue?: string; state?: (typeof JOB_STATES)[number]; limit?: number } = {},
): Promise<JobSummary[]> {
  const { rows } = await sql<JobSummary>`
    select id::text as "id", name, state::text as "state", retry_count as "retryCount",
           created_on as "createdOn", start_after as "startAfter", completed_on as "completedOn"
    from pgboss.job
    where (${filter.queue ?? null}::text is null or name = ${filter.queue ?? null})
      and (${filter.state ?? null}::text is null or state::text = ${filter.state ?? null})
    order by created_on desc
    limit ${filter.limit ?? 50}
  `.execute(db);
  return rows;
}
