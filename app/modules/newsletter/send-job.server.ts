import { sql } from "kysely";
import { z } from "zod";
import { enqueue } from "~/modules/jobs/boss.server";
import { defineJob } from "~/modules/jobs/define-job";
import { getDb, type DB } from "~/utils/db.server";
import { drainIssue } from "./send-batch.server";

/** How long one job sends before handing over to the next (it re-queues itself while work remains). */
export const DRAIN_SLICE_SECONDS = 120;

/**
 * Sends an issue's batches (send-batch.server.ts) for a slice of time, then queues its successor
 * while batches remain, unless one is already queued: extra jobs for one issue are harmless (batches
 * are claimed under a row lock) and merge back into one chain at their slice's end. A worker killed
 * mid-slice leaves its job active until pg-boss expires it; the newsletter tick (every minute, and
 * at a worker's start) queues a new one meanwhile.
 */
export const newsletterSendJob = defineJob({
  name: "newsletter.send",
  schema: z.object({ issueId: z.uuid() }),
  retryLimit: 2,
  retryDelaySeconds: 5,
  expireInSeconds: DRAIN_SLICE_SECONDS * 3,
  handler: async ({ issueId }) => {
    const db = getDb();
    const outcome = await drainIssue(db, issueId, { until: Date.now() + DRAIN_SLICE_SECONDS * 1000 });
    if (outcome === "more" && !(await hasQueuedSend(db, issueId))) await enqueue(newsletterSendJob, { issueId });
  },
});

/** Whether a send job for the issue waits in the queue (created, or waiting for its retry). */
export async function hasQueuedSend(db: DB, issueId: string): Promise<boolean> {
  const { rows } = await sql<{ found: boolean }>`
    select exists (
      select 1 from pgboss.job
      where name = ${newsletterSendJob.name} and state in ('created', 'retry') and data->>'issueId' = ${issueId}
    ) as found
  `.execute(db);
  return rows[0]?.found === true;
}
