import { sql } from "kysely";
import { vi } from "vitest";
import { setConsent } from "~/modules/alumni/membership.server";
import { runAlumniTransition } from "~/modules/alumni/transition.server";
import { updateDeparture } from "~/modules/offboarding/departures.server";
import { runQueuedJobs } from "~/modules/jobs/boss.server";
import { privacyEraseJob } from "~/modules/privacy/erase-job.server";
import { requestErasure } from "~/modules/privacy/erasure.server";
import { emitWebhookEvent } from "~/modules/webhooks/events.server";
import { action as stepAction } from "~/routes/exit.alumni";
import * as departuresRoute from "~/routes/api.v1.departures";
import { allowDatesYearsAway, apiRequest, callRoute, departureBody } from "../api/helpers";
import { createWebhookEndpoint, installOffboardingDefaults, issueToken, makeAlumniLeaver, makeAlumnus, makeDeparture, makeLeaver } from "../../factories";
import { useWebhookReceiver } from "../../fakes/webhook-receiver";
import { testDb, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";
import { buildRequest, callAction } from "../../support/remix";
import { answerAllButLast, DEFAULT_ANSWERS, postPage, setUpFlow, useFlowClock } from "../exit/flow-support";
import { deliverDue, verified } from "./support";

/**
 * Every event type, emitted by the real domain action that causes it, delivered to a real local
 * receiver and accepted by the Standard Webhooks library's own verifier.
 */

useTestDatabase();
useJobQueue();
const receiver = useWebhookReceiver();

async function subscribe() {
  const { endpoint, secret } = await createWebhookEndpoint(receiver.url);
  return { endpointId: endpoint.id, secret };
}

/** The verified payloads the receiver got, of one type. */
function payloadsOf(secret: string, type: string) {
  return receiver.received.map((request) => verified(secret, request)).filter((payload) => payload.type === type);
}

describe("departure events", () => {
  beforeEach(async () => {
    await installOffboardingDefaults();
  });

  it("departure.created: a departure recorded through createDeparture is posted, signed, with ids and facts only", async () => {
    const { endpointId, secret } = await subscribe();
    const { departure } = await makeDeparture({ employeeName: "Riley Secret-Name" });
    expect(await deliverDue()).toBe(1);

    expect(receiver.received).toHaveLength(1);
    const request = receiver.received[0]!;
    const payload = verified(secret, request);
    expect(payload).toEqual({
      type: "departure.created",
      version: 1,
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      data: { departureId: departure.id, departmentId: departure.department_id, lastDay: departure.last_day, status: departure.status, source: "web" },
    });
    const delivery = await testDb().selectFrom("webhook_deliveries").select("id").where("endpoint_id", "=", endpointId).executeTakeFirstOrThrow();
    expect(request.headers["webhook-id"]).toBe(`msg_${delivery.id}`);
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.body).not.toContain("Riley");
    expect(request.body).not.toContain(departure.employee_email);
  });

  it("departure.created: a departure the HR system records through the API is posted with source api", async () => {
    await allowDatesYearsAway();
    const { token } = await issueToken();
    const { secret } = await subscribe();
    const response = await callRoute(departuresRoute, apiRequest("/api/v1/departures", { method: "POST", token, json: departureBody() }));
    expect(response.status).toBe(201);
    await deliverDue();
    const created = payloadsOf(secret, "departure.created");
    expect(created).toHaveLength(1);
    expect(created[0]!.data).toMatchObject({ source: "api", lastDay: "2031-03-28" });
    expect(receiver.received[0]!.body).not.toContain("sam.leclerc@example.com");
  });

  it("departure.completed: the status change to completed is posted once, not other changes", async () => {
    const { secret } = await subscribe();
    const { departure } = await makeDeparture();
    await updateDeparture(departure.id, { status: "in_progress" }, { actorUserId: null });
    await updateDeparture(departure.id, { status: "completed" }, { actorUserId: null });
    await updateDeparture(departure.id, { status: "completed" }, { actorUserId: null });
    await deliverDue();
    expect(payloadsOf(secret, "departure.completed").map((payload) => payload.data)).toEqual([{ departureId: departure.id, lastDay: departure.last_day }]);
  });
});

describe("exit_survey.completed", () => {
  useFlowClock();

  async function submitSurvey(confidentiality: "confidential" | "anonymous") {
    const { surveyId } = await setUpFlow({ confidentiality });
    const { secret } = await subscribe();
    const leaver = await makeLeaver();
    await answerAllButLast(leaver.cookie);
    const sent = await postPage(leaver.cookie, 4, DEFAULT_ANSWERS[3]!, "send");
    expect(sent.status).toBe(302);
    // The clock stands still here, and the queue only takes jobs whose start is strictly past.
    vi.setSystemTime(new Date(Date.now() + 1000));
    await deliverDue();
    const completed = receiver.received.filter((request) => verified(secret, request).type === "exit_survey.completed");
    expect(completed).toHaveLength(1);
    return { surveyId, leaver, request: completed[0]!, payload: verified(secret, completed[0]!) };
  }

  it("for a confidential survey names the departure and the survey, never an answer", async () => {
    const { surveyId, leaver, request, payload } = await submitSurvey("confidential");
    expect(payload.data).toEqual({ confidentiality: "confidential", surveyId, departureId: leaver.departureId });
    for (const answer of ["More feedback.", "compensation", "q_enps", "q_manager"]) expect(request.body).not.toContain(answer);
  });

  it("for an anonymous survey names nobody and shares no transaction with the pooled response", async () => {
    const { surveyId, leaver, request, payload } = await submitSurvey("anonymous");
    expect(payload.data).toEqual({ confidentiality: "anonymous", surveyId });
    for (const id of [leaver.departureId, leaver.invitationId, leaver.user.id, "More feedback.", "compensation"]) expect(request.body).not.toContain(id);
    const { rows } = await sql<{ table: string; xmin: string }>`
      select 'pool' as table, xmin::text as xmin from anonymous_pool
      union all select 'event', xmin::text from webhook_events where type = 'exit_survey.completed'`.execute(testDb());
    const pool = rows.filter((row) => row.table === "pool").map((row) => row.xmin);
    const events = rows.filter((row) => row.table === "event").map((row) => row.xmin);
    expect(pool).toHaveLength(1);
    expect(events).toHaveLength(1);
    expect(events).not.toContain(pool[0]);
  });
});

describe("alumni and consent events", () => {
  beforeEach(async () => {
    await installOffboardingDefaults();
  });

  it("alumni.joined: the transition that makes a leaver an alumnus is posted with their account and departure", async () => {
    const leaver = await makeAlumniLeaver({ lastDay: "2026-11-25" });
    await callAction(stepAction, buildRequest("/exit/alumni", { cookie: leaver.cookie, form: { intent: "join", personalEmail: "sam.home@example.net" } }));
    await testDb().updateTable("alumni_profiles").set({ personal_email_confirmed_at: new Date("2026-11-20T10:00:00Z") }).execute();
    const { secret } = await subscribe();
    const result = await runAlumniTransition({ now: new Date("2026-11-26T00:20:00Z"), timeZone: "UTC" });
    expect(result.activated).toBe(1);
    await deliverDue();
    const joined = payloadsOf(secret, "alumni.joined");
    expect(joined.map((payload) => payload.data)).toEqual([{ userId: leaver.user.id, departureId: leaver.departureId }]);
    expect(receiver.received.map((request) => request.body).join("")).not.toContain("sam.home@example.net");
  });

  it("consent.changed: each ledger row is posted with its purpose and choice, a repeated choice with nothing", async () => {
    const alumnus = await makeAlumnus();
    const { secret } = await subscribe();
    const actor = { userId: alumnus.id, name: alumnus.name, locale: "en" as const, ip: "203.0.113.9" };
    expect(await setConsent(actor, "newsletter", true)).toBe(true);
    expect(await setConsent(actor, "newsletter", true)).toBe(false);
    expect(await setConsent(actor, "newsletter", false)).toBe(true);
    await deliverDue();
    expect(payloadsOf(secret, "consent.changed").map((payload) => payload.data)).toEqual([
      { userId: alumnus.id, purpose: "newsletter", granted: true, source: "preferences" },
      { userId: alumnus.id, purpose: "newsletter", granted: false, source: "preferences" },
    ]);
    expect(receiver.received.map((request) => request.body).join("")).not.toContain("203.0.113.9");
  });

  it("alumni.erased: an erasure run by the privacy job is delivered with the account id only, nothing of the person", async () => {
    const alumnus = await makeAlumnus();
    const { secret } = await subscribe();
    await requestErasure(testDb(), { userId: alumnus.id, requestedBy: null, reason: "self" });
    expect(payloadsOf(secret, "alumni.erased")).toEqual([]);
    await runQueuedJobs([privacyEraseJob.name]);
    await deliverDue();
    expect(payloadsOf(secret, "alumni.erased").map((payload) => payload.data)).toEqual([{ userId: alumnus.id }]);
    const bodies = receiver.received.map((request) => request.body).join("");
    expect(bodies).not.toContain(alumnus.email);
    expect(bodies).not.toContain(alumnus.name);
  });

  it("refuses data that does not match the event's schema (a programming fault, caught by the first test run)", async () => {
    await subscribe();
    await expect(
      testDb()
        .transaction()
        .execute((trx) => emitWebhookEvent(trx, { type: "alumni.erased", data: { userId: "x", email: "a@b.c" } as never })),
    ).rejects.toThrow();
  });
});
