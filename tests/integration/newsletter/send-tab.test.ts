import enNewsletter from "~/locales/en/newsletter.json";
import { sql } from "kysely";
import { scheduleIssue } from "~/modules/newsletter/controls.server";
import { idempotencyKeyOf } from "~/modules/newsletter/send-batch.server";
import { startIssueSend } from "~/modules/newsletter/snapshot.server";
import { getEnv } from "~/utils/env.server";
import { instantAtWallTime } from "~/utils/time-zones";
import { createUser, makeAlumnus, signIn } from "../../factories";
import { makeDepartureIn, makeIssue, seedAlumni } from "../../factories/newsletter";
import { testDb, useTestDatabase } from "../../support/database";
import { pageRequests, useHttpApp } from "../../support/http-app";
import { useJobQueue } from "../../support/job-queue";

/** HR's Send tab through the built app: the audience and its count, scheduling on the company's clocks, the controls' refusals. */

useTestDatabase();
useJobQueue();
const app = useHttpApp();
const { get, post } = pageRequests(app);

let cookie: string;
beforeEach(async () => {
  cookie = await signIn(await createUser({ role: "hr_admin" }));
});

const tab = (issueId: string) => `/admin/newsletter/${issueId}/send`;
const countLine = (count: number) => (count === 1 ? `${count} alumnus would receive` : `${count} alumni would receive`);

async function issueRow(issueId: string) {
  return testDb().selectFrom("newsletter_issues").select(["status", "audience", "scheduled_at"]).where("id", "=", issueId).executeTakeFirstOrThrow();
}

describe("the newsletter's Send tab", () => {
  it("is for HR admins only", async () => {
    const issueId = await makeIssue();
    const alumnus = await signIn(await makeAlumnus());
    expect([403, 404]).toContain((await get(tab(issueId), alumnus)).response.status);
    expect([403, 404]).toContain((await post(tab(issueId), alumnus, { intent: "sendNow" })).response.status);
    expect((await issueRow(issueId)).status).toBe("draft");
  });

  it("counts who would receive the issue, and a department counts with its sub-departments", async () => {
    const parent = await makeDepartureIn({ year: 2025 });
    const child = await testDb().insertInto("departments").values({ name: "Sub-team", parent_id: parent.departmentId }).returning("id").executeTakeFirstOrThrow();
    const inChild = await makeDepartureIn({ departmentId: child.id, year: 2024 });
    const elsewhere = await makeDepartureIn({ year: 2025 });
    await seedAlumni({ count: 2, departureId: parent.departureId });
    await seedAlumni({ count: 3, departureId: inChild.departureId });
    await seedAlumni({ count: 4, departureId: elsewhere.departureId });
    const issueId = await makeIssue();

    expect((await get(tab(issueId), cookie)).html).toContain(countLine(9));

    const saved = await post(tab(issueId), cookie, { intent: "audience", department: parent.departmentId, segment: "" });
    expect(saved.response.status).toBe(302);
    expect((await issueRow(issueId)).audience).toEqual({ departmentIds: [parent.departmentId] });
    const page = (await get(tab(issueId), cookie)).html;
    expect(page).toContain(countLine(5));
    expect(page).toContain(enNewsletter.send.when.sendNow_other.replace("{{formatted}}", "5"));

    await post(tab(issueId), cookie, { intent: "audience", department: parent.departmentId, year: "2024", segment: "" });
    expect((await get(tab(issueId), cookie)).html).toContain(countLine(3));
  });

  it("offers the advocacy segments and narrows the count to the one HR chooses", async () => {
    const departure = await makeDepartureIn({ year: 2025 });
    const alumni = await seedAlumni({ count: 3, departureId: departure.departureId });
    const segments = ["promoter", "detractor"] as const;
    for (const [index, segment] of segments.entries()) {
      await testDb()
        .insertInto("advocacy_scores")
        .values({ user_id: alumni[index]!.userId, score: segment === "promoter" ? 50 : -50, segment, reason_code: "npsExit", reason_values: "{}", inputs: "{}", computed_at: new Date() })
        .execute();
    }
    const issueId = await makeIssue();
    const page = (await get(tab(issueId), cookie)).html;
    for (const value of ["promoters", "passives", "detractors", "unknown"]) expect(page).toMatch(new RegExp(`name="segment" value="${value}"`));
    expect(page).toContain(enNewsletter.send.audience.segments.promoters);

    expect((await post(tab(issueId), cookie, { intent: "audience", segment: "promoters" })).response.status).toBe(302);
    expect((await issueRow(issueId)).audience).toEqual({ segment: "promoters" });
    expect((await get(tab(issueId), cookie)).html).toContain(countLine(1));
    await post(tab(issueId), cookie, { intent: "audience", segment: "unknown" });
    expect((await get(tab(issueId), cookie)).html).toContain(countLine(1));
    expect((await post(tab(issueId), cookie, { intent: "audience", segment: "fans" })).response.status).toBe(400);
  });

  it("answers a malformed audience with the form's message and keeps the saved one", async () => {
    const issueId = await makeIssue();
    const bad = await post(tab(issueId), cookie, { intent: "audience", department: "not-an-id", year: "1066" });
    expect(bad.response.status).toBe(400);
    expect(bad.html).toContain(enNewsletter.send.audience.invalid);
    expect((await issueRow(issueId)).audience).toEqual({});
    const unknown = await post(tab(issueId), cookie, { intent: "launch" });
    expect(unknown.response.status).toBe(400);
  });

  it("schedules at a day and time on the company's clocks, and refuses a time already past", async () => {
    const issueId = await makeIssue();
    const timeZone = getEnv().COMPANY_TIME_ZONE;
    const scheduled = await post(tab(issueId), cookie, { intent: "schedule", day: "2099-07-14", time: "09:30" });
    expect(scheduled.response.status).toBe(302);
    const row = await issueRow(issueId);
    expect(row.status).toBe("scheduled");
    expect(row.scheduled_at?.toISOString()).toBe(instantAtWallTime("2099-07-14", "09:30", timeZone).toISOString());

    const past = await post(tab(issueId), cookie, { intent: "schedule", day: "2001-01-01", time: "09:30" });
    expect(past.response.status).toBe(400);
    expect(past.html).toContain("Choose a time in the future, or send now.");
    const malformed = await post(tab(issueId), cookie, { intent: "schedule", day: "tomorrow", time: "25:00" });
    expect(malformed.response.status).toBe(400);
    expect(malformed.html).toContain(enNewsletter.send.schedule.invalid);
    expect((await issueRow(issueId)).scheduled_at?.toISOString()).toBe(row.scheduled_at?.toISOString());
  });

  it("cancels before the start, then refuses to send what was cancelled, with a message and no change", async () => {
    const issueId = await makeIssue();
    expect((await post(tab(issueId), cookie, { intent: "cancel" })).response.status).toBe(302);
    expect((await issueRow(issueId)).status).toBe("cancelled");
    const refused = await post(tab(issueId), cookie, { intent: "sendNow" });
    expect(refused.response.status).toBe(409);
    expect(refused.html).toContain("This action is not possible while the newsletter is in its current state.");
    expect((await issueRow(issueId)).status).toBe("cancelled");
    expect((await get(tab(issueId), cookie)).html).toContain(enNewsletter.send.nothingToSend);
  });

  it("shows a stuck batch with its idempotency key and takes HR's decision on it", async () => {
    await seedAlumni({ count: 150 });
    const issueId = await makeIssue();
    await scheduleIssue(testDb(), issueId, "now", null);
    await startIssueSend(testDb(), issueId);
    await sql`update newsletter_batches set status = 'stuck', first_attempt_at = now() - interval '25 hours' where issue_id = ${issueId} and batch_no = 1`.execute(testDb());

    const page = (await get(tab(issueId), cookie)).html;
    expect(page).toContain(enNewsletter.send.progress.stuckTitle);
    expect(page).toContain(idempotencyKeyOf(issueId, 1));
    expect(page).toContain(enNewsletter.send.stuck.sendAgainLabel.replace("{{batch}}", "2"));

    const malformed = await post(tab(issueId), cookie, { intent: "stuckReceived", batch: "second" });
    expect(malformed.response.status).toBe(400);
    const decided = await post(tab(issueId), cookie, { intent: "stuckReceived", batch: "1" });
    expect(decided.response.status).toBe(302);
    const batch = await testDb().selectFrom("newsletter_batches").select("status").where("issue_id", "=", issueId).where("batch_no", "=", 1).executeTakeFirstOrThrow();
    expect(batch.status).toBe("submitted");
    const again = await post(tab(issueId), cookie, { intent: "stuckSendAgain", batch: "1" });
    expect(again.response.status).toBe(409);
    expect(again.html).toContain("Batch 2 is not waiting for a decision any more.");
  });
});
