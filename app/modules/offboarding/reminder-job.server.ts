import { z } from "zod";
import { defineJob } from "~/modules/jobs/define-job";
import { runReminders } from "./reminders.server";

/**
 * Every hour, five minutes past: send the digests whose hour has come and escalate missed last days.
 * Hourly rather than daily because each owner chooses their hour; the run is idempotent, so a retry
 * or a second worker sends nothing twice.
 */
export const taskRemindersJob = defineJob({
  name: "offboarding.task-reminders",
  // pg-boss's cron sends the payload given to schedule(); `at` lets a test or an operator replay an instant.
  schema: z.preprocess((value) => value ?? {}, z.object({ at: z.iso.datetime({ offset: true }).optional() })),
  cron: "5 * * * *",
  retryLimit: 2,
  expireInSeconds: 30 * 60,
  handler: async ({ at }) => {
    await runReminders({ now: at ? new Date(at) : new Date() });
  },
});
