import { z } from "zod";
import { defineJob } from "~/modules/jobs/define-job";
import { runAlumniTransition } from "./transition.server";

/**
 * Every night shortly after midnight (company time): leavers whose last day is over become alumni
 * or lose access. Idempotent, so a retry or a second worker changes nothing more.
 */
export const alumniTransitionJob = defineJob({
  name: "alumni.transition",
  // `at` lets a test or an operator replay an instant; the cron sends no payload.
  schema: z.preprocess((value) => value ?? {}, z.object({ at: z.iso.datetime({ offset: true }).optional() })),
  cron: "20 0 * * *",
  retryLimit: 2,
  expireInSeconds: 30 * 60,
  handler: async ({ at }) => {
    await runAlumniTransition({ now: at ? new Date(at) : new Date() });
  },
});
