import { z } from "zod";
import { enqueue } from "~/modules/jobs/boss.server";
import { defineJob } from "~/modules/jobs/define-job";
import { getDb } from "~/utils/db.server";
import { hasQueuedSend, newsletterSendJob } from "./send-job.server";
import { startIssueSend } from "./snapshot.server";

/**
 * Starts one issue when its time comes: queued by scheduleIssue with `startAfter` set to the chosen
 * time, so a send starts on the second rather than at the next poll. A job made stale by a new
 * schedule finds the issue not yet due and does nothing.
 */
export const newsletterStartJob = defineJob({
  name: "newsletter.start",
  schema: z.object({ issueId: z.uuid() }),
  retryLimit: 5,
  retryDelaySeconds: 10,
  handler: async ({ issueId }) => {
    await startIssueSend(getDb(), issueId);
  },
});

/**
 * The safety net, every minute and once when a worker starts: starts any scheduled issue that is due
 * (its start job lost, or the schedule moved earlier) and queues a send job for any issue still
 * sending without one queued (a worker killed mid-send).
 */
export const newsletterTickJob = defineJob({
  name: "newsletter.tick",
  schema: z.object({}).passthrough(),
  retryLimit: 0,
  cron: "* * * * *",
  handler: async () => {
    await newsletterTick();
  },
});

export async function newsletterTick() {
  const db = getDb();
  const due = await db.selectFrom("newsletter_issues").select("id").where("status", "=", "scheduled").where("scheduled_at", "<=", new Date()).execute();
  for (const { id } of due) await startIssueSend(db, id);
  const sending = await db.selectFrom("newsletter_issues").select("id").where("status", "=", "sending").execute();
  for (const { id } of sending) {
    if (!(await hasQueuedSend(db, id))) await enqueue(newsletterSendJob, { issueId: id });
  }
}
