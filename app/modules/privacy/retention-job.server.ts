import { z } from "zod";
import { defineJob } from "~/modules/jobs/define-job";
import { logger } from "~/modules/platform/logger.server";
import { getDb } from "~/utils/db.server";
import { requestErasure } from "./erasure.server";
import { runRetention } from "./retention.server";

/** Every night, HR's retention periods enforced (retention.server.ts); the log carries counts only. */
export const retentionJob = defineJob({
  name: "privacy.retention",
  schema: z.preprocess((value) => value ?? {}, z.object({})),
  cron: "35 2 * * *",
  retryLimit: 2,
  expireInSeconds: 30 * 60,
  handler: async () => {
    const counts = await runRetention(getDb(), { requestErasure });
    logger.info(counts, "retention enforced");
  },
});
