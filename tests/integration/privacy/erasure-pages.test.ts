import { sql } from "kysely";
import { action as deleteAction, loader as deleteLoader } from "~/routes/alumni.data.delete";
import { action as hrAction, loader as hrLoader } from "~/routes/admin.people_.$userId.erase";
import { validateSessionToken } from "~/modules/auth/session.server";
import { runQueuedJobs } from "~/modules/jobs/boss.server";
import { privacyEraseJob } from "~/modules/privacy/erase-job.server";
import { requestErasure } from "~/modules/privacy/erasure.server";
import { ERASURE_SWEEP_AFTER_MINUTES, sweepErasureRequests } from "~/modules/privacy/erasure-run.server";
import { createUser, makeAlumniLeaver, makeAlumnus, signIn } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";
import { buildRequest, callAction, callLoader } from "../../support/remix";

useTestDatabase();
useJobQueue();

async function requests(userId: string) {
  return testDb().selectFrom("privacy_erasure_requests").selectAll().where("user_id", "=", userId).execute();
}

async function auditOf(userId: string) {
  return testDb().selectFrom("audit_log").selectAll().where("subject_id", "=", userId).where("action", "like", "privacy.%").orderBy("id").execute();
}

describe("Delete my account", () => {
  it("asks for the box to be ticked, naming the field, and erases nothing without it", async () => {
    const alumnus = await makeAlumnus();
    const cookie = await signIn(alumnus);
    expect((await callLoader(deleteLoader, buildRequest("/alumni/data/delete", { cookie }))).status).toBe(200);
    const refused = await callAction(deleteAction, buildRequest("/alumni/data/delete", { form: {}, cookie }));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain("Tick the box");
    expect(await requests(alumnus.id)).toEqual([]);
  });

  it("records the request, signs the person out at once and clears the cookie; the job erases the account", async () => {
    const alumnus = await makeAlumnus({ name: "Mira Quelch" });
    const cookie = await signIn(alumnus);
    const response = await callAction(deleteAction, buildRequest("/alumni/data/delete", { form: { confirm: "yes" }, cookie }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/data-erased");
    expect(response.headers.get("Set-Cookie")).toMatch(/Max-Age=0/i);
    expect(await validateSessionToken(testDb(), cookie.split("=")[1]!)).toBeNull();
    expect((await requests(alumnus.id)).map((r) => r.reason)).toEqual(["self"]);
    await runQueuedJobs([privacyEraseJob.name]);
    const account = await testDb().selectFrom("users").selectAll().where("id", "=", alumnus.id).executeTakeFirstOrThrow();
    expect(account.name).not.toContain("Mira");
    expect(account.status).toBe("disabled");
    const audit = await auditOf(alumnus.id);
    expect(audit.map((entry) => entry.action)).toEqual(["privacy.erasure_requested", "privacy.erasure_finished"]);
    expect(JSON.stringify(audit)).not.toMatch(/Mira|@/);
  });

  it("is open to a leaver who joined the network, not to one who has not", async () => {
    const joined = await makeAlumniLeaver({ decision: "joined" });
    expect((await callLoader(deleteLoader, buildRequest("/alumni/data/delete", { cookie: joined.cookie }))).status).toBe(200);
    const undecided = await makeAlumniLeaver({ decision: null });
    const response = await callAction(deleteAction, buildRequest("/alumni/data/delete", { form: { confirm: "yes" }, cookie: undecided.cookie }));
    expect(response.headers.get("Location")).toBe("/exit/alumni");
    expect(await requests(undecided.user.id)).toEqual([]);
  });
});

describe("HR erases on someone's behalf", () => {
  it("erases a leaver after the confirmation, audited with ids only", async () => {
    const hr = await createUser({ role: "hr_admin" });
    const cookie = await signIn(hr);
    const leaver = await makeAlumniLeaver({ decision: "joined" });
    const page = await callLoader(hrLoader, buildRequest(`/admin/people/${leaver.user.id}/erase`, { cookie }), { userId: leaver.user.id });
    expect(await page.json()).toMatchObject({ refusal: null, state: "none" });
    const response = await callAction(hrAction, buildRequest(`/admin/people/${leaver.user.id}/erase`, { form: {}, cookie }), { userId: leaver.user.id });
    expect(response.status).toBe(302);
    const [request] = await requests(leaver.user.id);
    expect(request).toMatchObject({ reason: "hr", requested_by: hr.id });
    const [audit] = await auditOf(leaver.user.id);
    expect(audit).toMatchObject({ actor_user_id: hr.id, action: "privacy.erasure_requested" });
    expect(JSON.stringify(audit!.data)).not.toContain("@");
  });

  it("refuses staff accounts and the admin's own, erasing nothing", async () => {
    const hr = await createUser({ role: "hr_admin" });
    const cookie = await signIn(hr);
    const colleague = await createUser({ role: "task_owner" });
    for (const person of [colleague, hr]) {
      const response = await callAction(hrAction, buildRequest(`/admin/people/${person.id}/erase`, { form: {}, cookie }), { userId: person.id });
      expect(response.status).toBe(403);
      expect(await requests(person.id)).toEqual([]);
    }
  });

  it("is for HR admins only", async () => {
    const alumnus = await makeAlumnus();
    const other = await makeAlumnus();
    const response = await callAction(hrAction, buildRequest(`/admin/people/${other.id}/erase`, { form: {}, cookie: await signIn(alumnus) }), { userId: other.id });
    expect(response.status).toBe(403);
    expect(await requests(other.id)).toEqual([]);
  });
});

describe("the erasure safety net", () => {
  it("queues again, after an hour, a request whose job was lost, which then finishes; a fresh or finished request is left alone", async () => {
    const alumnus = await makeAlumnus({ name: "Tove Lindqvist" });
    const { requestId } = await requestErasure(testDb(), { userId: alumnus.id, requestedBy: null, reason: "self" });
    // The job is lost (a queue restored from an older backup, say).
    await sql`delete from pgboss.job where name = ${privacyEraseJob.name}`.execute(testDb());
    const { requested_at: requestedAt } = await testDb().selectFrom("privacy_erasure_requests").select("requested_at").where("id", "=", requestId).executeTakeFirstOrThrow();
    const after = (minutes: number) => new Date(requestedAt.getTime() + minutes * 60_000);

    expect(await sweepErasureRequests(privacyEraseJob, after(ERASURE_SWEEP_AFTER_MINUTES - 1))).toBe(0);
    expect(await sweepErasureRequests(privacyEraseJob, after(ERASURE_SWEEP_AFTER_MINUTES + 1))).toBe(1);
    await runQueuedJobs([privacyEraseJob.name]);
    const request = await testDb().selectFrom("privacy_erasure_requests").selectAll().where("id", "=", requestId).executeTakeFirstOrThrow();
    expect(request.status).toBe("done");
    const account = await testDb().selectFrom("users").select("name").where("id", "=", alumnus.id).executeTakeFirstOrThrow();
    expect(account.name).not.toContain("Tove");
    expect(await sweepErasureRequests(privacyEraseJob, after(24 * 60))).toBe(0);
  });
});
