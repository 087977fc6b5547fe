import { sendEmail } from "~/modules/email/send-email.server";
import { takeProviderToken, tryTakeProviderToken } from "~/modules/email/provider-rate-limit.server";
import { runQueuedJobs } from "~/modules/jobs/boss.server";
import { scheduleIssue } from "~/modules/newsletter/controls.server";
import { drainIssue } from "~/modules/newsletter/send-batch.server";
import { startIssueSend } from "~/modules/newsletter/snapshot.server";
import { makeIssue, seedAlumni } from "../../factories/newsletter";
import { testDb, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";
import { useNewsletterFake } from "../../support/newsletter";

useTestDatabase();
useJobQueue();
const resend = useNewsletterFake({ RESEND_RATE_LIMIT_PER_SECOND: "2" });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the shared provider rate limit", () => {
  it("gives the next token to a waiting transactional send before any newsletter batch", async () => {
    await takeProviderToken(testDb(), "bulk");
    // The bucket is empty: the magic link must wait, and says so.
    expect(await tryTakeProviderToken(testDb(), "transactional")).toBeGreaterThan(0);
    await sleep(600);
    // A token is there again, but a batch yields it to the waiting magic link.
    expect(await tryTakeProviderToken(testDb(), "bulk")).toBeGreaterThan(0);
    expect(await tryTakeProviderToken(testDb(), "transactional")).toBe(0);
  });

  it("spaces requests so that the provider's 2 per second is never exceeded", async () => {
    const started = Date.now();
    for (let i = 0; i < 6; i += 1) await takeProviderToken(testDb(), i % 2 ? "bulk" : "transactional");
    // Six tokens from a bucket of one refilled at 2 × 0.97 per second: at least 5 refills.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
  });

  // "A few seconds" (issue 12) with room for a loaded CI machine; the typical wait is well under one
  // second. Zero 429s at the provider's 2 per second is the benchmark's target (npm run bench --
  // newsletter), not this test's: a fixed-window limit and timing jitter under load can cost one
  // batch a 429, which the engine waits out without losing or repeating anything (asserted below).
  it("sends a magic link within a few seconds while a newsletter send holds the limit, and every alumnus still gets one copy", async () => {
    resend.fake.setRateLimit(2);
    const alumni = await seedAlumni({ count: 1500 });
    const issueId = await makeIssue();
    await scheduleIssue(testDb(), issueId, "now", null);
    await startIssueSend(testDb(), issueId);
    const sending = drainIssue(testDb(), issueId, { until: Date.now() + 60_000, concurrency: 2 });
    await sleep(2000);
    expect(resend.fake.received.length).toBeGreaterThan(0);

    await sendEmail({ to: "ada@example.test", template: "magic-link", props: { url: "http://localhost:3000/login/magic/abc", name: "Ada", expiresInMinutes: 15 }, locale: "en" });
    const asked = Date.now();
    expect(await runQueuedJobs(["email.send"])).toBe(1);
    const waited = Date.now() - asked;
    const stillSending = resend.fake.received.length < 1500;

    expect(await sending).toBe("finished");
    expect(stillSending).toBe(true);
    expect(waited).toBeLessThan(5000);
    expect(resend.fake.received.filter((e) => e.to[0] === "ada@example.test")).toHaveLength(1);
    expect(alumni.every((a) => resend.fake.deliveriesTo(a.email) === 1)).toBe(true);
  }, 60_000);
});
