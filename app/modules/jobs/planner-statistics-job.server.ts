import { z } from "zod";
import { logger } from "~/modules/platform/logger.server";
import { refreshPlannerStatistics } from "~/modules/platform/planner-statistics.server";
import { defineJob } from "./define-job";

/** Every hour, the embedded database's planner statistics (PostgreSQL's autovacuum does it there). */
export const plannerStatisticsJob = defineJob({
  name: "platform.planner-statistics",
  schema: z.preprocess((value) => value ?? {}, z.object({})),
  cron: "23 * * * *",
  retryLimit: 1,
  expireInSeconds: 15 * 60,
  handler: async () => {
    const refreshed = await refreshPlannerStatistics();
    if (refreshed) logger.info(refreshed, "planner statistics refreshed");
  },
});
