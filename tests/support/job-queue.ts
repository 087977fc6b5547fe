import { afterAll, beforeAll } from "vitest";
import { jobDefinitions } from "../../server/jobs";
import { startJobs, stopJobs } from "~/modules/jobs/boss.server";

/**
 * Starts pg-boss on the test file's database without a polling worker: tests run queued jobs
 * deterministically with runQueuedJobs(). Call after useTestDatabase().
 */
export function useJobQueue() {
  beforeAll(async () => {
    await startJobs({ work: false, jobs: jobDefinitions });
  });
  afterAll(async () => {
    await stopJobs(5_000);
  });
}
