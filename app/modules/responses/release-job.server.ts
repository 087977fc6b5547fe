import { z } from "zod";
import { defineJob } from "~/modules/jobs/define-job";
import { getDb } from "~/utils/db.server";
import { logger } from "~/modules/platform/logger.server";
import { releaseAnonymousResponses } from "./releases.server";

/**
 * Every night: anonymous responses that have waited the release delay are published in blocks of
 * at least k (docs/decisions/008). A job, never the submit, so a release does not happen at the
 * moment somebody answers. Idempotent: a retry or a second worker finds the pool already taken.
 */
export const anonymousReleaseJob = defineJob({
  name: "responses.anonymous-release",
  // `at` lets a test or an operator replay an instant; the cron sends no payload.
  schema: z.preprocess((value) => value ?? {}, z.object({ at: z.iso.datetime({ offset: true }).optional() })),
  cron: "40 1 * * *",
  retryLimit: 2,
  expireInSeconds: 30 * 60,
  handler: async ({ at }) => {
    const summary = await releaseAnonymousResponses(getDb(), { now: at ? new Date(at) : new Date() });
    // Counts only: what was released is for HR's views, under the block rule.
    if (summary.releases > 0) logger.info({ releases: summary.releases, blocks: summary.blocks }, "anonymous responses released");
  },
});
