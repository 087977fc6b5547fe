import { z } from "zod";
import { defineJob } from "~/modules/jobs/define-job";
import { getDb } from "~/utils/db.server";
import { expireFeedItems, pollDueSources } from "./poll.server";

/**
 * Every 5 minutes: items whose time is over expire, then the feed sources that are due are fetched
 * (each source decides when it is due: every 30 minutes when healthy, later after failures). A
 * source's failure is recorded on the source, never thrown, so the job itself fails (and is retried)
 * only when the database does.
 */
export const feedPollJob = defineJob({
  name: "feeds.poll",
  // `at` lets a test or an operator replay an instant; the cron sends no payload.
  schema: z.preprocess((value) => value ?? {}, z.object({ at: z.iso.datetime({ offset: true }).optional() })),
  cron: "*/5 * * * *",
  retryLimit: 1,
  expireInSeconds: 10 * 60,
  handler: async ({ at }) => {
    const now = at ? new Date(at) : new Date();
    await expireFeedItems(getDb(), now);
    await pollDueSources({ now });
  },
});
