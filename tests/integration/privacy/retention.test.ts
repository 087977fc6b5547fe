import { sql } from "kysely";
import { runQueuedJobs } from "~/modules/jobs/boss.server";
import { requestErasure } from "~/modules/privacy/erasure.server";
import { privacyEraseJob } from "~/modules/privacy/erase-job.server";
import { retentionJob } from "~/modules/privacy/retention-job.server";
import { runRetention, type RequestErasure } from "~/modules/privacy/retention.server";
import { loader as importLoader } from "~/routes/admin.imports.$importId/route";
import { loader as rejectionsLoader } from "~/routes/admin.imports.$importId.rejections[.]csv";
import { addCalendarDays } from "~/utils/calendar-days";
import { jobDefinitions } from "../../../server/jobs";
import {
  createAlumniProfile,
  createUser,
  installOffboardingDefaults,
  makeAlumniLeaver,
  makeClicks,
  makeFeedItem,
  makeShare,
  setRetentionSettings,
  signIn,
} from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";
import { buildRequest, callLoader } from "../../support/remix";

/** The daily retention job: each period, its boundary (exactly N days is kept), idempotence (ADR 031). */

useTestDatabase();
useJobQueue();

beforeEach(async () => {
  await installOffboardingDefaults();
});

const DAY_MS = 24 * 60 * 60 * 1000;
// Noon in Paris: the company's day is the same as UTC's.
const NOW = new Date("2027-06-15T10:00:00Z");
const TODAY = "2027-06-15";
const daysBefore = (days: number, extraMs = 0) => new Date(NOW.getTime() - days * DAY_MS - extraMs);

const run = (erase: RequestErasure = requestErasure) => runRetention(testDb(), { now: NOW, requestErasure: erase });

describe("click IP hashes", () => {
  it("go after the setting's days, keeping the clicks; a click exactly N days old keeps its hash; a second run changes nothing", async () => {
    const user = await createUser({ role: "alumnus" });
    const link = await makeShare({ userId: user.id, item: await makeFeedItem() });
    await makeClicks(link.id, [
      { at: daysBefore(90, 1), ip: "old-hash" },
      { at: daysBefore(90), ip: "boundary-hash" },
      { at: daysBefore(2), ip: "recent-hash" },
      { at: daysBefore(200), ip: null },
    ]);
    expect((await run()).clickIpHashesCleared).toBe(1);
    const clicks = () => testDb().selectFrom("link_clicks").select(["ip_hash"]).orderBy("clicked_at").execute();
    expect((await clicks()).map((c) => c.ip_hash)).toEqual([null, null, "boundary-hash", "recent-hash"]);
    expect((await run()).clickIpHashesCleared).toBe(0);

    await setRetentionSettings({ clickIpDays: 1 });
    expect((await run()).clickIpHashesCleared).toBe(2);
    expect(await clicks()).toHaveLength(4);
  });
});

async function insertImport(values: { status: "uploaded" | "importing" | "completed" | "failed"; createdAt: Date; createdBy: string }) {
  const db = testDb();
  const row = await db
    .insertInto("csv_imports")
    .values({
      created_by: values.createdBy,
      file_name: "hr-export.csv",
      content: "Name,Work email\r\nAda Lovelace,ada@acme.example\r\nBob Shown,not-an-email\r\n",
      status: values.status,
      total_rows: 2,
      processed_rows: values.status === "completed" ? 2 : 0,
      created_count: values.status === "completed" ? 1 : 0,
      rejected_count: values.status === "completed" ? 1 : 0,
      created_at: values.createdAt,
      finished_at: values.status === "completed" ? values.createdAt : null,
      mapping: JSON.stringify({ employeeName: "Name", employeeEmail: "Work email" }),
      date_format: "iso",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("csv_import_rejections")
    .values({
      import_id: row.id,
      row_number: 3,
      errors: JSON.stringify({ employeeEmail: [{ code: "importRow.emailInvalid", field: "employeeEmail", values: { value: "not-an-email" } }] }),
      raw: JSON.stringify({ Name: "Bob Shown", "Work email": "not-an-email" }),
    })
    .execute();
  return row.id;
}

describe("CSV import files", () => {
  it("keep only their header line and counts after the setting's days, lose their rejected rows, and the import pages still answer", async () => {
    const hr = await createUser({ role: "hr_admin" });
    const old = await insertImport({ status: "completed", createdAt: daysBefore(30, 1), createdBy: hr.id });
    const boundary = await insertImport({ status: "completed", createdAt: daysBefore(30), createdBy: hr.id });
    const abandoned = await insertImport({ status: "uploaded", createdAt: daysBefore(45), createdBy: hr.id });
    const running = await insertImport({ status: "importing", createdAt: daysBefore(45), createdBy: hr.id });

    const counts = await run();
    expect(counts).toMatchObject({ importFilesCleared: 1, abandonedUploadsDeleted: 1 });
    const rows = await testDb().selectFrom("csv_imports").select(["id", "content", "content_cleared_at", "created_count", "rejected_count", "total_rows"]).execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(old)).toMatchObject({ content: "Name,Work email", content_cleared_at: NOW, created_count: 1, rejected_count: 1, total_rows: 2 });
    expect(byId.get(boundary)?.content).toContain("Ada Lovelace");
    expect(byId.get(running)?.content).toContain("Ada Lovelace");
    expect(byId.has(abandoned)).toBe(false);
    const rejections = await testDb().selectFrom("csv_import_rejections").select("import_id").execute();
    expect(rejections.map((r) => r.import_id).sort()).toEqual([boundary, running].sort());
    const text = await sql<{ hit: boolean }>`select exists (select 1 from csv_imports where id = ${old} and content ilike '%ada%') as hit`.execute(testDb());
    expect(text.rows[0]!.hit).toBe(false);

    const cookie = await signIn(hr);
    const pageResponse = await callLoader(importLoader, buildRequest(`/admin/imports/${old}`, { cookie }), { importId: old });
    expect(pageResponse.status).toBe(200);
    const report = await callLoader(rejectionsLoader, buildRequest(`/admin/imports/${old}/rejections.csv`, { cookie }), { importId: old });
    expect(report.status).toBe(200);
    const reportText = await report.text();
    expect(reportText).toContain("Name,Work email");
    expect(reportText).not.toContain("Bob Shown");

    expect(await run()).toMatchObject({ importFilesCleared: 0, abandonedUploadsDeleted: 0 });
  });
});

describe("export archives", () => {
  it("lose their bytes at their expiry, the row staying", async () => {
    const user = await createUser({ role: "alumnus" });
    const insert = (expiresAt: Date) =>
      testDb()
        .insertInto("data_exports")
        .values({ user_id: user.id, status: "ready", ready_at: daysBefore(7), expires_at: expiresAt, archive: Buffer.from("zip"), archive_bytes: 3 })
        .returning("id")
        .executeTakeFirstOrThrow();
    const expired = await insert(NOW);
    const valid = await insert(new Date(NOW.getTime() + 1));
    expect((await run()).exportArchivesDeleted).toBe(1);
    const rows = await testDb().selectFrom("data_exports").select(["id", sql<boolean>`archive is not null`.as("kept")]).execute();
    expect(new Map(rows.map((r) => [r.id, r.kept]))).toEqual(new Map([[expired.id, false], [valid.id, true]]));
    expect((await run()).exportArchivesDeleted).toBe(0);
  });
});

describe("leavers who never joined", () => {
  it("are erased once N days after their last day has passed; exactly N days, joined leavers, alumni and staff are not", async () => {
    const due = await makeAlumniLeaver({ lastDay: addCalendarDays(TODAY, -91) });
    const declined = await makeAlumniLeaver({ lastDay: addCalendarDays(TODAY, -200), decision: "declined" });
    const boundary = await makeAlumniLeaver({ lastDay: addCalendarDays(TODAY, -90) });
    const joined = await makeAlumniLeaver({ lastDay: addCalendarDays(TODAY, -200), decision: "joined" });
    const pendingProfile = await makeAlumniLeaver({ lastDay: addCalendarDays(TODAY, -200) });
    await createAlumniProfile(pendingProfile.user.id, { departureId: pendingProfile.departureId });
    const staff = await makeAlumniLeaver({ lastDay: addCalendarDays(TODAY, -200), staffRole: "task_owner" });
    const alumnus = await makeAlumniLeaver({ lastDay: addCalendarDays(TODAY, -200) });
    await testDb().updateTable("users").set({ role: "alumnus" }).where("id", "=", alumnus.user.id).execute();

    const asked: string[] = [];
    const spy: RequestErasure = async (db, input) => {
      expect(input).toMatchObject({ requestedBy: null, reason: "retention" });
      asked.push(input.userId);
      return requestErasure(db, input);
    };
    expect((await run(spy)).erasuresRequested).toBe(2);
    expect(asked.sort()).toEqual([due.user.id, declined.user.id].sort());
    const requests = await testDb().selectFrom("privacy_erasure_requests").select(["user_id", "reason", "requested_by"]).execute();
    expect(requests).toHaveLength(2);
    expect(requests.every((r) => r.reason === "retention" && r.requested_by === null)).toBe(true);
    for (const spared of [boundary, joined, pendingProfile, staff, alumnus]) expect(asked).not.toContain(spared.user.id);

    // The erasure runs, and the next nights ask nothing again.
    await runQueuedJobs([privacyEraseJob.name]);
    expect((await run(spy)).erasuresRequested).toBe(0);
    expect(asked).toHaveLength(2);
    expect(await testDb().selectFrom("privacy_erasure_requests").select("id").execute()).toHaveLength(2);
  });

  it("follow the setting, and leave alone someone whose erasure was already asked for", async () => {
    const leaver = await makeAlumniLeaver({ lastDay: addCalendarDays(TODAY, -40) });
    const selfRequested = await makeAlumniLeaver({ lastDay: addCalendarDays(TODAY, -400) });
    await requestErasure(testDb(), { userId: selfRequested.user.id, requestedBy: { userId: selfRequested.user.id }, reason: "self" });
    expect((await run()).erasuresRequested).toBe(0);
    await setRetentionSettings({ leaverErasureDays: 30 });
    expect((await run()).erasuresRequested).toBe(1);
    const reasons = await testDb().selectFrom("privacy_erasure_requests").select(["user_id", "reason"]).orderBy("reason").execute();
    expect(reasons).toEqual([
      { user_id: leaver.user.id, reason: "retention" },
      { user_id: selfRequested.user.id, reason: "self" },
    ]);
  });
});

describe("the job", () => {
  it("is registered as a nightly cron job", () => {
    expect(jobDefinitions).toContain(retentionJob);
    expect(retentionJob.name).toBe("privacy.retention");
    expect(retentionJob.cron).toMatch(/^\d+ \d+ \* \* \*$/);
  });
});
