import { z } from "zod";
import { defineJob } from "~/modules/jobs/define-job";
import { logger } from "~/modules/platform/logger.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { recomputeDueScores } from "./recompute.server";
import { routeSegments } from "./routing.server";

/**
 * Every minute: score whoever has a new signal (or a day-old score, or a formula HR changed), then
 * route new promoters and detractors (docs/decisions/029). Nothing else in the portal queues work
 * for the score: no domain calls in when a signal arrives, and an anonymous submit queues nothing.
 * Idempotent and safe when two runs overlap (the routing ledger's key decides who routes).
 */
export const scoringTickJob = defineJob({
  name: "scoring.tick",
  // `at` lets a test or an operator replay an instant; the cron sends no payload.
  schema: z.preprocess((value) => value ?? {}, z.object({ at: z.iso.datetime({ offset: true }).optional() })),
  cron: "* * * * *",
  retryLimit: 0,
  expireInSeconds: 10 * 60,
  handler: async ({ at }) => {
    await runScoringTick({ now: at ? new Date(at) : new Date() });
  },
});

export async function runScoringTick(options: { now?: Date } = {}) {
  const db = getDb();
  const timeZone = getEnv().COMPANY_TIME_ZONE;
  const now = options.now ?? new Date();
  const scored = await recomputeDueScores(db, { now, timeZone });
  const routed = await routeSegments(db, { now, timeZone });
  if (scored > 0 || routed.ambassadorInvitations > 0 || routed.followUpTasks > 0) logger.info({ scored, ...routed }, "advocacy scores updated");
  return { scored, ...routed };
}
