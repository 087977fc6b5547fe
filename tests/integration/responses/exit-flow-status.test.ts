import { loader } from "~/routes/admin.departures.$departureId/route";
import { useTestDatabase } from "../../support/database";
import { buildRequest, callLoader, loaderData } from "../../support/remix";
import { createAlumniProfile, createAnonymousResponses, createInvitation, createResponse, createSurvey, createUser, installDefaultsWithoutSurveys, makeDepartureWithoutInvitation, signIn } from "../../factories";

useTestDatabase();

let hrCookie: string;
beforeEach(async () => {
  await installDefaultsWithoutSurveys();
  hrCookie = await signIn(await createUser({ role: "hr_admin", name: "Hana Reyes" }));
});

async function exitFlowOf(departureId: string) {
  const response = await callLoader(loader, buildRequest(`/admin/departures/${departureId}`, { cookie: hrCookie }), { departureId });
  expect(response.status).toBe(200);
  return (await loaderData<typeof loader>(response)).exitFlow;
}

describe("the exit flow on HR's departure page", () => {
  it("says 'not invited' and that no exit survey is active when there is none", async () => {
    const departure = await makeDepartureWithoutInvitation();
    const flow = await exitFlowOf(departure.id);
    expect(flow).toMatchObject({ state: "not_invited", survey: null, activeSurvey: false, alumni: null, response: null });
  });

  it("says 'not invited' with an active survey when this departure has no invitation", async () => {
    await createSurvey({ activeExit: true });
    const departure = await makeDepartureWithoutInvitation();
    expect(await exitFlowOf(departure.id)).toMatchObject({ state: "not_invited", activeSurvey: true });
  });

  it("shows a scheduled invitation with its send date, the survey's name, version and confidentiality", async () => {
    const { version } = await createSurvey({ name: "Leaving Acme", nameFr: "Quitter Acme", confidentiality: "anonymous" });
    const departure = await makeDepartureWithoutInvitation();
    await createInvitation(departure.id, version.id, { status: "scheduled", sendOn: "2026-12-04", expiresOn: "2099-01-17" });
    expect(await exitFlowOf(departure.id)).toMatchObject({
      state: "scheduled",
      sendOn: "2026-12-04",
      invitedAt: null,
      survey: { name: { en: "Leaving Acme", fr: "Quitter Acme" }, version: 1, confidentiality: "anonymous" },
      expiresOn: "2099-01-17",
      linkExpired: false,
    });
  });

  it("shows an invitation sent, the reminders (count and last) and whether the link has expired", async () => {
    const { version } = await createSurvey();
    const departure = await makeDepartureWithoutInvitation();
    await createInvitation(departure.id, version.id, {
      status: "invited",
      expiresOn: "2020-01-31",
      remindersSent: 2,
      lastRemindedAt: new Date("2026-12-04T08:00:00Z"),
    });
    const flow = await exitFlowOf(departure.id);
    expect(flow).toMatchObject({ state: "invited", invitedAt: "2026-11-27T09:00:00.000Z", linkExpired: true, expiresOn: "2020-01-31" });
    expect(flow.reminders).toEqual({ count: 2, lastAt: "2026-12-04T08:00:00.000Z" });
  });

  it("shows a started survey", async () => {
    const { version } = await createSurvey();
    const departure = await makeDepartureWithoutInvitation();
    await createInvitation(departure.id, version.id, { status: "started" });
    expect(await exitFlowOf(departure.id)).toMatchObject({ state: "started", startedAt: "2026-11-28T10:00:00.000Z", finishedAt: null, response: null });
  });

  it("shows a finished confidential survey with the way to its response, and how often it was read", async () => {
    const { survey, version } = await createSurvey({ confidentiality: "confidential" });
    const departure = await makeDepartureWithoutInvitation();
    const invitation = await createInvitation(departure.id, version.id, { status: "finished" });
    const stored = await createResponse({ surveyId: survey.id, surveyVersionId: version.id, confidentiality: "confidential", invitationId: invitation.id });
    const flow = await exitFlowOf(departure.id);
    expect(flow).toMatchObject({ state: "finished", finishedAt: "2026-11-28T10:20:00.000Z" });
    expect(flow.response).toEqual({ id: stored.id, views: 0, lastViewedAt: null, lastViewedBy: null });
  });

  it("shows a finished anonymous survey without any way to a response", async () => {
    const { survey, version } = await createSurvey({ confidentiality: "anonymous" });
    const departure = await makeDepartureWithoutInvitation();
    await createInvitation(departure.id, version.id, { status: "finished", finishedAt: new Date("2026-11-01T00:00:00Z") });
    await createAnonymousResponses({ surveyId: survey.id, surveyVersionId: version.id }, [8, 8, 8, 8, 8]);
    const flow = await exitFlowOf(departure.id);
    expect(flow).toMatchObject({ state: "finished", finishedAt: "2026-11-01T00:00:00.000Z", response: null });
    expect(flow.survey?.confidentiality).toBe("anonymous");
  });

  it("shows a cancelled invitation", async () => {
    const { version } = await createSurvey();
    const departure = await makeDepartureWithoutInvitation();
    await createInvitation(departure.id, version.id, { status: "cancelled" });
    expect(await exitFlowOf(departure.id)).toMatchObject({ state: "cancelled", response: null });
  });

  it("follows the alumni decision: declined, joined awaiting confirmation, confirmed, alumnus, left", async () => {
    const { version } = await createSurvey();
    const decided = new Date("2026-11-28T10:25:00Z");

    const decliner = await makeDepartureWithoutInvitation();
    await createInvitation(decliner.id, version.id, { status: "finished", alumniDecision: "declined", alumniDecidedAt: decided });
    expect((await exitFlowOf(decliner.id)).alumni).toEqual({ state: "declined", at: decided.toISOString() });

    const cases = [
      { profile: { status: "pending" as const }, state: "pending_confirmation" },
      { profile: { status: "pending" as const, confirmedAt: new Date("2026-11-29T08:00:00Z") }, state: "confirmed" },
      { profile: { status: "active" as const, confirmedAt: decided, activatedAt: new Date("2026-12-19T00:00:00Z") }, state: "active" },
      { profile: { status: "left" as const, confirmedAt: decided, leftAt: new Date("2027-03-01T00:00:00Z") }, state: "left" },
    ];
    for (const { profile, state } of cases) {
      const departure = await makeDepartureWithoutInvitation();
      await createInvitation(departure.id, version.id, { status: "finished", alumniDecision: "joined", alumniDecidedAt: decided });
      await createAlumniProfile(departure.leaver_user_id, { departureId: departure.id, ...profile });
      expect((await exitFlowOf(departure.id)).alumni?.state).toBe(state);
    }
  });

  it("shows no alumni decision while the leaver has not answered", async () => {
    const { version } = await createSurvey();
    const departure = await makeDepartureWithoutInvitation();
    await createInvitation(departure.id, version.id, { status: "started" });
    expect((await exitFlowOf(departure.id)).alumni).toBeNull();
  });
});
