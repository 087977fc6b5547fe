import { z } from "zod";
import { defineJob } from "~/modules/jobs/define-job";
import { enqueue, runQueuedJobs, startJobs, stopJobs } from "~/modules/jobs/boss.server";
import { listJobs } from "~/modules/jobs/inspect.server";
import { DomainFailure } from "~/utils/failures";
import { testDb, useTestDatabase } from "../../support/database";

useTestDatabase();

const calls = { refused: 0, broken: 0 };

/** A job that may be retried 3 times and whose handler always throws `failure()`. */
function failingJob(name: string, counter: keyof typeof calls, failure: () => Error) {
  return defineJob({
    name,
    schema: z.object({}),
    retryLimit: 3,
    retryDelaySeconds: 0,
    handler: async () => {
      calls[counter] += 1;
      throw failure();
    },
  });
}

/** Refuses its work the way a domain function does: the data does not allow it (ADR 013). */
const refusingJob = failingJob("test.refusing", "refused", () => DomainFailure.refused("common.notFound"));
/** Fails the way infrastructure does: worth trying again. */
const brokenJob = failingJob("test.broken", "broken", () => new Error("connection reset"));

beforeAll(async () => {
  await startJobs({ work: false, jobs: [refusingJob, brokenJob] });
});
afterAll(async () => {
  await stopJobs(5_000);
});

describe("a job whose handler refuses (ADR 013)", () => {
  it("is not retried: the refusal ends it, while any other error is retried", async () => {
    await enqueue(refusingJob, {});
    await enqueue(brokenJob, {});
    await runQueuedJobs(["test.refusing", "test.broken"]);

    const [refused] = await listJobs(testDb(), { queue: "test.refusing" });
    expect(refused).toMatchObject({ state: "completed", retryCount: 0 });
    expect(calls.refused).toBe(1);

    const [broken] = await listJobs(testDb(), { queue: "test.broken" });
    expect(broken).toMatchObject({ state: "retry" });
    expect(calls.broken).toBe(1);
  });
});
