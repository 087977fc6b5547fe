import { ZodError } from "zod";
import { enqueue } from "~/modules/jobs/boss.server";
import { listJobs } from "~/modules/jobs/inspect.server";
import { sendEmailJob } from "~/modules/email/send-email-job.server";
import { useTestDatabase, testDb } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

const someId = "7d8f3c1e-2b4a-4c5d-9e6f-0a1b2c3d4e5f";

describe("the job queue", () => {
  it("refuses a payload its job's schema rejects, before queueing anything", async () => {
    await expect(enqueue(sendEmailJob, { emailId: "not-a-uuid" })).rejects.toBeInstanceOf(ZodError);
    expect(await listJobs(testDb(), { queue: "email.send" })).toEqual([]);
  });

  it("queues a job written inside a transaction only when the transaction commits", async () => {
    await testDb()
      .transaction()
      .execute(async (trx) => {
        await enqueue(sendEmailJob, { emailId: someId }, { trx });
      });
    const jobs = await listJobs(testDb(), { queue: "email.send" });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ name: "email.send", state: "created" });
  });

  it("leaves no job behind when the transaction rolls back", async () => {
    await expect(
      testDb()
        .transaction()
        .execute(async (trx) => {
          await enqueue(sendEmailJob, { emailId: someId }, { trx });
          throw new Error("the rest of the work failed");
        }),
    ).rejects.toThrow("the rest of the work failed");
    expect(await listJobs(testDb(), { queue: "email.send" })).toEqual([]);
  });
});
