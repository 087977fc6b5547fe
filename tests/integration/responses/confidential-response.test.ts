import { loader as departureLoader } from "~/routes/admin.departures.$departureId/route";
import { loader } from "~/routes/admin.responses.$responseId";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callLoader, loaderData } from "../../support/remix";
import { auditRows } from "./helpers";
import { createAnonymousResponses, createInvitation, createResponse, createSurvey, createUser, installDefaultsWithoutSurveys, makeDepartureWithoutInvitation, signIn } from "../../factories";

useTestDatabase();

let hr: Awaited<ReturnType<typeof createUser>>;
let hrCookie: string;
beforeEach(async () => {
  await installDefaultsWithoutSurveys();
  hr = await createUser({ role: "hr_admin", name: "Hana Reyes" });
  hrCookie = await signIn(hr);
});

function open(responseId: string, cookie = hrCookie) {
  return callLoader(loader, buildRequest(`/admin/responses/${responseId}`, { cookie }), { responseId });
}

async function confidentialResponse(answers: Record<string, unknown>, enps: number | null) {
  const { survey, version } = await createSurvey({ name: "Leaving Acme", nameFr: "Quitter Acme", confidentiality: "confidential" });
  const departure = await makeDepartureWithoutInvitation({ employeeName: "Noor Haddad", departmentName: "Engineering" });
  const invitation = await createInvitation(departure.id, version.id, { status: "finished" });
  const response = await createResponse({
    surveyId: survey.id,
    surveyVersionId: version.id,
    confidentiality: "confidential",
    invitationId: invitation.id,
    departmentId: departure.department_id,
    locale: "en",
    enps,
    answers,
  });
  return { survey, version, departure, response };
}

const FULL_ANSWERS = {
  enps: 4,
  reasons: ["career_growth", "compensation"],
  manager: 2,
  growth: "no",
  liked: ["team", "mission"],
  come_back: false,
  change: "More room to grow.\nAnd a clearer path.",
};

describe("a confidential response, read by an HR admin", () => {
  it("shows every question of the frozen version with the answer in readable words and the eNPS category", async () => {
    const { response, departure } = await confidentialResponse(FULL_ANSWERS, 4);
    const reply = await open(response.id);
    expect(reply.status).toBe(200);
    expect(reply.headers.get("Cache-Control")).toBe("private, no-store");
    const data = await loaderData<typeof loader>(reply);
    expect(data.response).toMatchObject({
      personName: "Noor Haddad",
      departureId: departure.id,
      surveyName: "Leaving Acme",
      version: 1,
      enpsScore: 4,
      enpsCategory: "detractor",
    });
    expect(data.departmentPath).toBe("Engineering");
    const byId = Object.fromEntries(data.response.questions.map((q) => [q.id, q]));
    expect(data.response.questions.map((q) => q.id)).toEqual(["enps", "reasons", "manager", "growth", "liked", "come_back", "change"]);
    expect(byId.enps!.prompt).toBe("How likely are you to recommend Acme Corp as a place to work?");
    expect(byId.enps!.answer).toEqual({ kind: "score", value: 4, max: 10, category: "detractor" });
    expect(byId.reasons!.answer).toEqual({ kind: "choices", labels: ["Career growth elsewhere", "Pay and benefits"] });
    expect(byId.manager!.answer).toEqual({ kind: "score", value: 2, max: 5, category: null });
    expect(byId.growth!.answer).toEqual({ kind: "choices", labels: ["Not at all"] });
    expect(byId.liked!.answer).toEqual({ kind: "choices", labels: ["My team", "The mission"] });
    expect(byId.come_back!.answer).toEqual({ kind: "boolean", value: false });
    expect(byId.change!.answer).toEqual({ kind: "text", value: "More room to grow.\nAnd a clearer path." });
  });

  it("writes the questions and labels in the HR admin's language, whatever language the leaver answered in", async () => {
    const { response } = await confidentialResponse({ enps: 9, reasons: ["relocation"], growth: "yes" }, 9);
    const frenchHr = await createUser({ role: "hr_admin", locale: "fr" });
    const data = await loaderData<typeof loader>(await open(response.id, await signIn(frenchHr)));
    const byId = Object.fromEntries(data.response.questions.map((q) => [q.id, q]));
    expect(data.response.surveyName).toBe("Quitter Acme");
    expect(byId.enps!.prompt).toBe("Quelle est la probabilité que vous recommandiez Acme Corp comme employeur ?");
    expect(byId.enps!.answer).toMatchObject({ category: "promoter" });
    expect(byId.reasons!.answer).toMatchObject({ labels: ["Déménagement ou raisons personnelles"] });
    expect(byId.growth!.answer).toMatchObject({ labels: ["Oui, beaucoup"] });
    expect(byId.manager!.answer).toEqual({ kind: "none" });
    expect(data.response.answeredIn).toBe("en");
  });

  it("classifies eNPS answers: 9–10 promoter, 7–8 passive, 0–6 detractor", async () => {
    for (const [score, category] of [[10, "promoter"], [9, "promoter"], [8, "passive"], [7, "passive"], [6, "detractor"], [0, "detractor"]] as const) {
      const { response } = await confidentialResponse({ enps: score }, score);
      const data = await loaderData<typeof loader>(await open(response.id));
      expect(data.response.enpsCategory, `score ${score}`).toBe(category);
    }
  });

  it("records one audit entry per reading, naming the reader, and the departure page counts the readings", async () => {
    const { response, departure } = await confidentialResponse(FULL_ANSWERS, 4);
    expect(await auditRows("survey.response_viewed")).toHaveLength(0);

    await open(response.id);
    const second = await createUser({ role: "hr_admin", name: "Ines Carvalho" });
    await open(response.id, await signIn(second));

    const rows = await auditRows("survey.response_viewed");
    expect(rows.map((row) => ({ actor: row.actor_user_id, type: row.subject_type, subject: row.subject_id }))).toEqual([
      { actor: hr.id, type: "survey_response", subject: response.id },
      { actor: second.id, type: "survey_response", subject: response.id },
    ]);

    const page = await callLoader(departureLoader, buildRequest(`/admin/departures/${departure.id}`, { cookie: hrCookie }), { departureId: departure.id });
    const { exitFlow } = (await page.json()) as { exitFlow: { response: { views: number; lastViewedBy: string } } };
    expect(exitFlow.response).toMatchObject({ views: 2, lastViewedBy: "Ines Carvalho" });
  });
});

describe("responses that have no individual page", () => {
  it("answers 404 for an anonymous response even with its exact id, and records no reading", async () => {
    const { survey, version } = await createSurvey({ confidentiality: "anonymous" });
    await createAnonymousResponses({ surveyId: survey.id, surveyVersionId: version.id }, [3, 3, 3, 3, 3]);
    const anonymous = await testDb().selectFrom("anonymous_responses").select("id").executeTakeFirstOrThrow();
    const reply = await open(anonymous.id);
    expect(reply.status).toBe(404);
    expect(await reply.text()).not.toContain("enps");
    expect(await auditRows("survey.response_viewed")).toHaveLength(0);
  });

  it("answers 404 for an unknown id and for something that is not an id", async () => {
    expect((await open("5d0a4ad8-3c36-4f4e-9d0f-6a1c8f1d2b3c")).status).toBe(404);
    expect((await open("not-a-uuid")).status).toBe(404);
    expect((await open("' or 1=1 --")).status).toBe(404);
  });

  it("still opens a confidential response whose departure was deleted since, without a name", async () => {
    const { response, departure } = await confidentialResponse({ enps: 8 }, 8);
    await testDb().deleteFrom("departures").where("id", "=", departure.id).execute();
    const data = await loaderData<typeof loader>(await open(response.id));
    expect(data.response).toMatchObject({ personName: null, departureId: null, enpsCategory: "passive" });
  });
});
