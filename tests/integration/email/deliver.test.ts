import { sql } from "kysely";
import { deliverEmail, EMAIL_SEND_MAX_ATTEMPTS } from "~/modules/email/deliver.server";
import { sendEmail } from "~/modules/email/send-email.server";
import { runQueuedJobs } from "~/modules/jobs/boss.server";
import { resetEnvCache } from "~/utils/env.server";
import { startFakeResend, type FakeResend } from "../../fakes/resend";
import { testDb, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();

let fake: FakeResend;
const saved = { key: process.env.RESEND_API_KEY, base: process.env.RESEND_BASE_URL };

function restoreEnv() {
  for (const [name, value] of [
    ["RESEND_API_KEY", saved.key],
    ["RESEND_BASE_URL", saved.base],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvCache();
}

beforeAll(async () => {
  fake = await startFakeResend();
});
beforeEach(() => {
  fake.reset();
  process.env.RESEND_API_KEY = fake.apiKey;
  process.env.RESEND_BASE_URL = fake.url;
  resetEnvCache();
});
afterEach(restoreEnv);
afterAll(() => fake.close());

async function queueMagicLink(to = "ada@example.test") {
  const { emailId } = await sendEmail({
    to,
    template: "magic-link",
    props: { url: "http://localhost:3000/login/magic/abc", name: "Ada", expiresInMinutes: 15 },
    locale: "en",
  });
  return emailId;
}

function emailRow(id: string) {
  return testDb().selectFrom("emails").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function jobStates() {
  const { rows } = await sql<{ state: string }>`select state from pgboss.job where name = 'email.send'`.execute(testDb());
  return rows.map((r) => r.state);
}

/** Makes a job waiting for its retry (backoff) due now, as if the delay had passed. */
async function makeRetriesDue() {
  // A second in the past, not now(): pg-boss fetches jobs whose start_after is strictly before its own
  // now(), and on a coarse clock the two can be equal.
  await sql`update pgboss.job set start_after = now() - interval '1 second' where name = 'email.send' and state = 'retry'`.execute(testDb());
}

describe("deliverEmail through Resend", () => {
  it("sends the message with its working link, keeps the provider's id and erases the sealed body", async () => {
    const emailId = await queueMagicLink();
    expect((await emailRow(emailId)).sealed_content).toMatch(/^v1\./);
    expect(await runQueuedJobs(["email.send"])).toBe(1);

    const row = await emailRow(emailId);
    expect(row).toMatchObject({ status: "sent", transport: "resend", attempts: 1, last_error: null, links_removed: true, sealed_content: null });
    expect(row.sent_at).toBeInstanceOf(Date);
    const [received] = fake.received;
    expect(fake.received).toHaveLength(1);
    expect(received).toMatchObject({
      id: row.provider_id,
      to: ["ada@example.test"],
      from: row.from_address,
      subject: row.subject,
      idempotencyKey: `email/${emailId}`,
    });
    expect(fake.linksIn(received!)).toContain("http://localhost:3000/login/magic/abc");
    expect(received!.text).toContain("http://localhost:3000/login/magic/abc");
    // The stored copy is the same email with the link taken out.
    expect(row.text).toBe(received!.text!.split("http://localhost:3000/login/magic/abc").join("[link removed from the stored copy]"));
    expect(row.html).not.toContain("/login/magic/abc");
    expect(await jobStates()).toEqual(["completed"]);
  });

  it("leaves a sent message alone when delivery runs again", async () => {
    const emailId = await queueMagicLink();
    await runQueuedJobs(["email.send"]);
    expect(await deliverEmail(emailId)).toBe("skipped");
    expect(fake.received).toHaveLength(1);
    expect((await emailRow(emailId)).attempts).toBe(1);
  });

  it("sends nothing twice when the provider accepted but the row was not updated (crash between)", async () => {
    const emailId = await queueMagicLink();
    const { sealed_content } = await emailRow(emailId);
    await deliverEmail(emailId);
    const first = await emailRow(emailId);
    // The process died after Resend answered and before the row said so: the job runs again.
    await testDb().updateTable("emails").set({ status: "queued", provider_id: null, sent_at: null, sealed_content }).where("id", "=", emailId).execute();
    expect(await deliverEmail(emailId)).toBe("sent");
    expect(fake.received).toHaveLength(1);
    expect((await emailRow(emailId)).provider_id).toBe(first.provider_id);
  });

  it.each([
    ["a 5xx", () => fake.failNext(1, 503), /503/],
    ["a 429", () => fake.failNext(1, 429), /429 rate_limit_exceeded/],
    ["a dropped connection", () => fake.failNext(1, "network"), /network application_error/],
  ])("retries after %s, keeping the row queued with its attempts and error, then sends", async (_label, breakIt, expected) => {
    const emailId = await queueMagicLink();
    breakIt();
    await runQueuedJobs(["email.send"]);

    const waiting = await emailRow(emailId);
    expect(waiting).toMatchObject({ status: "queued", attempts: 1 });
    expect(waiting.last_error).toMatch(expected);
    expect(waiting.sealed_content, "the retry needs the sealed body").not.toBeNull();
    expect(await jobStates()).toEqual(["retry"]);
    expect(fake.received).toHaveLength(0);

    await makeRetriesDue();
    await runQueuedJobs(["email.send"]);
    const sent = await emailRow(emailId);
    expect(sent).toMatchObject({ status: "sent", attempts: 2 });
    expect(sent.provider_id).toBe(fake.received[0]?.id);
    expect(fake.received).toHaveLength(1);
    expect(fake.linksIn(fake.received[0]!)).toContain("http://localhost:3000/login/magic/abc");
    expect(sent.sealed_content).toBeNull();
    expect(await jobStates()).toEqual(["completed"]);
  });

  it("marks a message Resend rejects (422) as failed, without retrying", async () => {
    const emailId = await queueMagicLink();
    await testDb().updateTable("emails").set({ from_address: "not an address" }).where("id", "=", emailId).execute();
    await runQueuedJobs(["email.send"]);

    const row = await emailRow(emailId);
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row.last_error).toMatch(/^422 validation_error: Invalid `from` field/);
    expect(row.sealed_content).toBeNull();
    expect(await jobStates()).toEqual(["completed"]);
    expect(fake.received).toHaveLength(0);
  });

  it("fails for good, sending nothing, when the sealed body cannot be opened (APP_SECRET changed, or the row redirected)", async () => {
    const secretChanged = await queueMagicLink();
    const redirected = await queueMagicLink("grace@example.test");
    await testDb().updateTable("emails").set({ to_address: "mallory@example.test" }).where("id", "=", redirected).execute();
    const savedSecret = process.env.APP_SECRET;
    process.env.APP_SECRET = "a-rotated-secret-of-at-least-32-characters";
    resetEnvCache();
    try {
      expect(await deliverEmail(secretChanged)).toBe("failed");
    } finally {
      if (savedSecret === undefined) delete process.env.APP_SECRET;
      else process.env.APP_SECRET = savedSecret;
      resetEnvCache();
    }
    expect(await deliverEmail(redirected)).toBe("failed");

    for (const id of [secretChanged, redirected]) {
      const row = await emailRow(id);
      expect(row).toMatchObject({ status: "failed", sealed_content: null });
      expect(row.last_error).toMatch(/^sealed_content_unreadable/);
    }
    expect(fake.requestCount()).toBe(0);
  });

  it("gives up, marking the message failed, when the last attempt also fails", async () => {
    const emailId = await queueMagicLink();
    await testDb().updateTable("emails").set({ attempts: EMAIL_SEND_MAX_ATTEMPTS - 1 }).where("id", "=", emailId).execute();
    fake.failNext(1, 500);
    expect(await deliverEmail(emailId)).toBe("failed");
    expect(await emailRow(emailId)).toMatchObject({ status: "failed", attempts: EMAIL_SEND_MAX_ATTEMPTS, sealed_content: null });
  });
});

describe("deliverEmail without RESEND_API_KEY", () => {
  it("captures the message in the outbox and calls no provider", async () => {
    delete process.env.RESEND_API_KEY;
    resetEnvCache();
    const emailId = await queueMagicLink();
    await runQueuedJobs(["email.send"]);

    const row = await emailRow(emailId);
    expect(row).toMatchObject({ status: "captured", transport: "outbox", provider_id: null });
    expect(row.sent_at).toBeInstanceOf(Date);
    expect(fake.requestCount()).toBe(0);
    expect(await deliverEmail(emailId)).toBe("skipped");
  });
});
