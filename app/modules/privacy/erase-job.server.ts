import { z } from "zod";
import { defineJob } from "~/modules/jobs/define-job";
import { runErasureRequest, sweepErasureRequests } from "./erasure-run.server";

/**
 * Erases one person (docs/decisions/030). Queued by requestErasure in the request's transaction;
 * retried with back-off on any failure (the erasure is one transaction, so a retry starts clean).
 */
export const privacyEraseJob = defineJob({
  name: "privacy.erase",
  schema: z.object({ requestId: z.uuid() }),
  retryLimit: 8,
  retryDelaySeconds: 30,
  expireInSeconds: 15 * 60,
  handler: async ({ requestId }) => {
    await runErasureRequest(requestId);
  },
});

/**
 * The safety net, hourly: a request still open an hour after it was made (its job lost, or out of
 * retries) is queued again, so every request finishes within the day whatever happened to its job.
 */
export const privacyEraseSweepJob = defineJob({
  name: "privacy.erase-sweep",
  schema: z.object({}).passthrough(),
  retryLimit: 0,
  cron: "23 * * * *",
  handler: async () => {
    await sweepErasureRequests(privacyEraseJob);
  },
});
