import { findConfidentialResponse } from "~/modules/responses/confidential-response.server";
import { recordPulseAnswer } from "~/modules/pulse/answer.server";
import { pulseAnswerToken } from "~/modules/pulse/pulse-links.server";
import { loader } from "~/routes/admin.responses._index";
import { testDb } from "../../support/database";
import { daysFromToday } from "../../support/dates";
import { useTestDatabase } from "../../support/database";
import { buildRequest, callLoader, loaderData } from "../../support/remix";
import { auditRows } from "./helpers";
import { makeAlumnus, makeBareDeparture, makePulse, createAnonymousResponses, createInvitation, createResponse, createSurvey, createUser, departmentTree, installDefaultsWithoutSurveys, makeDepartureWithoutInvitation, poolAnonymousResponses, publishVersion, releaseAnonymous, signIn } from "../../factories";

useTestDatabase();

type ListData = Awaited<ReturnType<typeof list>>["data"];

let hrCookie: string;
let hrUserId: string;
beforeEach(async () => {
  await installDefaultsWithoutSurveys();
  const hr = await createUser({ role: "hr_admin" });
  hrUserId = hr.id;
  hrCookie = await signIn(hr);
});

async function list(query = "") {
  const response = await callLoader(loader, buildRequest(`/admin/responses${query}`, { cookie: hrCookie }));
  return { status: response.status, data: await loaderData<typeof loader>(response) };
}

function resultOf(data: ListData, surveyId: string, confidentiality = "anonymous") {
  return data.overview!.results.find((result) => result.surveyId === surveyId && result.confidentiality === confidentiality);
}

describe("anonymous results", () => {
  it("shows nothing of responses waiting in the pool, and all of them once a release publishes at least 5", async () => {
    const { survey, version } = await createSurvey({ name: "Anonymous exit", confidentiality: "anonymous" });
    const base = { surveyId: survey.id, surveyVersionId: version.id };
    await poolAnonymousResponses(base, [10, 9, 3, 7]);
    await releaseAnonymous();

    const below = await list();
    expect(below.data.minGroupSize).toBe(5);
    // Four waiting: the release waits too, and the page has nothing about them, not even the survey.
    expect(resultOf(below.data, survey.id)).toBeUndefined();
    expect(JSON.stringify(below.data.overview)).not.toContain(survey.id);

    await poolAnonymousResponses(base, [0]);
    const shownBeforeRelease = await list();
    expect(resultOf(shownBeforeRelease.data, survey.id)).toBeUndefined();

    await releaseAnonymous();
    const shown = resultOf((await list()).data, survey.id)!;
    expect(shown).toMatchObject({ suppressed: false, responses: 5, scored: 5, counts: { promoters: 2, passives: 1, detractors: 2 }, enps: 0, blocks: 1 });
    expect(shown).toMatchObject({ distribution: [1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1] });
  });

  it("shows a department only through blocks that lie entirely inside it, and says when some were grouped wider", async () => {
    const { engineering, sales } = await departmentTree();
    const { survey, version } = await createSurvey({ confidentiality: "anonymous" });
    await poolAnonymousResponses({ surveyId: survey.id, surveyVersionId: version.id, departmentId: engineering.id }, [9, 9, 9, 9, 9, 9]);
    await poolAnonymousResponses({ surveyId: survey.id, surveyVersionId: version.id, departmentId: sales.id }, [2, 2]);
    await releaseAnonymous();
    // Engineering (6) is a block; Sales (2) joins it, since there is nothing else to join: one block of 8.
    expect(resultOf((await list()).data, survey.id)).toMatchObject({ suppressed: false, responses: 8, blocks: 1 });
    expect(resultOf((await list(`?department=${engineering.id}`)).data, survey.id)).toEqual({
      surveyId: survey.id,
      surveyName: expect.any(String),
      confidentiality: "anonymous",
      suppressed: true,
      reason: "wider_groups_only",
    });
    expect(resultOf((await list(`?department=${sales.id}`)).data, survey.id)).toMatchObject({ suppressed: true, reason: "wider_groups_only" });

    // A second release where each reaches 5 on its own: their own blocks show, the first is left out whole.
    await poolAnonymousResponses({ surveyId: survey.id, surveyVersionId: version.id, departmentId: engineering.id, pooledOn: "2026-12-01" }, [10, 10, 10, 10, 10]);
    await poolAnonymousResponses({ surveyId: survey.id, surveyVersionId: version.id, departmentId: sales.id, pooledOn: "2026-12-01" }, [0, 0, 0, 0, 0]);
    await releaseAnonymous("2026-12-20");
    expect(resultOf((await list(`?department=${engineering.id}`)).data, survey.id)).toMatchObject({
      suppressed: false,
      responses: 5,
      enps: 100,
      blocks: 1,
      partialBlocksLeftOut: true,
    });
    expect(resultOf((await list(`?department=${sales.id}`)).data, survey.id)).toMatchObject({ responses: 5, enps: -100, partialBlocksLeftOut: true });
    expect(resultOf((await list()).data, survey.id)).toMatchObject({ responses: 18, blocks: 3, partialBlocksLeftOut: false });
  });

  it("computes eNPS from counts (% promoters − % detractors), leaving out responses without a score", async () => {
    const { survey, version } = await createSurvey({ confidentiality: "anonymous" });
    // 3 promoters, 2 passives, 1 detractor, 1 without a score: (3 − 1) / 6 = 33 %.
    await createAnonymousResponses({ surveyId: survey.id, surveyVersionId: version.id }, [10, 9, 9, 8, 7, 6, null]);
    expect(resultOf((await list()).data, survey.id)).toMatchObject({ responses: 7, scored: 6, enps: 33 });
  });

  it("never averages groups: two surveys are computed apart, and a survey across releases from its total counts", async () => {
    const { survey: big, version: bigVersion } = await createSurvey({ name: "A big", confidentiality: "anonymous" });
    const { survey: small, version: smallVersion } = await createSurvey({ name: "B small", confidentiality: "anonymous" });
    // November's release: 8 promoters, 2 detractors (+60); December's: 5 detractors (−100). Together: (8 − 7) / 15 = +7, not (60 − 100) / 2 = −20.
    await createAnonymousResponses({ surveyId: big.id, surveyVersionId: bigVersion.id, pooledOn: "2026-11-02" }, [9, 9, 9, 9, 10, 10, 10, 10, 1, 2], "2026-11-30");
    await createAnonymousResponses({ surveyId: big.id, surveyVersionId: bigVersion.id, pooledOn: "2026-12-02" }, [0, 1, 2, 3, 4], "2026-12-20");
    await createAnonymousResponses({ surveyId: small.id, surveyVersionId: smallVersion.id }, [10, 10, 10, 10, 10]);
    const { data } = await list();
    expect(data.overview!.results.map((r) => [r.surveyName, "enps" in r ? r.enps : undefined])).toEqual([
      ["A big", 7],
      ["B small", 100],
    ]);
    // The period filter takes the month of release.
    expect(resultOf((await list("?from=2026-12")).data, big.id)).toMatchObject({ responses: 5, enps: -100 });
  });
});

describe("confidential responses", () => {
  it("lists each person's response with department, eNPS category and a link, and counts them in the survey's results", async () => {
    const { engineering } = await departmentTree();
    const { survey, version } = await createSurvey({ name: "Confidential exit", confidentiality: "confidential" });
    const departure = await makeDepartureWithoutInvitation({ employeeName: "Noor Haddad", departmentName: "Engineering" });
    const invitation = await createInvitation(departure.id, version.id, { status: "finished" });
    const stored = await createResponse({
      surveyId: survey.id,
      surveyVersionId: version.id,
      confidentiality: "confidential",
      invitationId: invitation.id,
      departmentId: engineering.id,
      enps: 9,
    });
    const { data } = await list();
    expect(data.overview!.confidential).toMatchObject({ total: 1, page: 1, pageCount: 1 });
    expect(data.overview!.confidential.rows).toEqual([
      expect.objectContaining({ id: stored.id, personName: "Noor Haddad", department: "Engineering", enpsScore: 9, enpsCategory: "promoter", surveyName: "Confidential exit" }),
    ]);
    // Confidential results are shown even for one response: HR may read it anyway.
    expect(resultOf(data, survey.id, "confidential")).toMatchObject({ suppressed: false, responses: 1, enps: 100 });
  });

  it("never lists anonymous responses individually", async () => {
    const { survey, version } = await createSurvey({ confidentiality: "anonymous" });
    await createAnonymousResponses({ surveyId: survey.id, surveyVersionId: version.id }, [1, 2, 3, 4, 5, 6]);
    const { data } = await list();
    expect(data.overview!.confidential.rows).toEqual([]);
    expect(data.overview!.confidential.total).toBe(0);
  });

  it("records one audit entry per page shown, naming the responses it showed, and none for a page without names", async () => {
    const { survey, version } = await createSurvey({ confidentiality: "confidential" });
    const stored = [];
    for (let i = 0; i < 52; i += 1) {
      stored.push(await createResponse({ surveyId: survey.id, surveyVersionId: version.id, confidentiality: "confidential", submittedAt: new Date(Date.UTC(2026, 10, 1, 0, i)) }));
    }
    const first = (await list()).data.overview!.confidential;
    const second = (await list("?page=2")).data.overview!.confidential;
    await list("?from=2030-01");
    const entries = await auditRows("survey.response_list_viewed");
    expect(entries).toHaveLength(2);
    expect(entries.map((entry) => entry.data)).toEqual([
      { page: 1, responseIds: first.rows.map((row) => row.id) },
      { page: 2, responseIds: second.rows.map((row) => row.id) },
    ]);
    expect(entries[0]!.actor_user_id).toBe(hrUserId);
    expect(new Set([...first.rows, ...second.rows].map((row) => row.id))).toEqual(new Set(stored.map((row) => row.id)));
  });

  it("pages the list 50 at a time", async () => {
    const { survey, version } = await createSurvey({ confidentiality: "confidential" });
    for (let i = 0; i < 51; i += 1) {
      await createResponse({ surveyId: survey.id, surveyVersionId: version.id, confidentiality: "confidential", submittedAt: new Date(Date.UTC(2026, 10, 1, 0, i)) });
    }
    const first = (await list()).data.overview!.confidential;
    expect(first).toMatchObject({ total: 51, page: 1, pageCount: 2 });
    expect(first.rows).toHaveLength(50);
    const second = (await list("?page=2")).data.overview!.confidential;
    expect(second.rows).toHaveLength(1);
    expect(first.rows.map((r) => r.id)).not.toContain(second.rows[0]!.id);
  });
});

describe("response rate", () => {
  it("is finished ÷ invitations sent, per survey, with the versions used; scheduled and cancelled ones are not sent", async () => {
    const { survey, version: v1 } = await createSurvey({ name: "Exit" });
    const v2 = await publishVersion(survey.id);
    const statuses = [
      ["scheduled", v1],
      ["cancelled", v1],
      ["invited", v1],
      ["started", v2],
      ["finished", v1],
      ["finished", v2],
      ["finished", v2],
    ] as const;
    for (const [status, version] of statuses) await createInvitation((await makeDepartureWithoutInvitation()).id, version.id, { status });
    const { data } = await list();
    expect(data.overview!.rates).toEqual([
      { surveyId: survey.id, surveyName: "Exit", versions: [1, 2], invited: 5, started: 4, finished: 3, rate: 0.6 },
    ]);
  });

  it("counts invitations in the period they were sent, in the department subtree, for the chosen survey", async () => {
    const { engineering, platform, sales } = await departmentTree();
    const { survey: exit, version: exitVersion } = await createSurvey({ name: "Exit" });
    const { survey: other, version: otherVersion } = await createSurvey({ name: "Other" });
    const invite = async (department: string, sendOn: string, status: "invited" | "finished", version = exitVersion) =>
      createInvitation((await makeDepartureWithoutInvitation({ departmentName: department })).id, version.id, { status, sendOn });
    await invite("Platform", "2026-10-15", "finished");
    await invite("Engineering", "2026-11-30", "invited");
    await invite("Sales", "2026-11-02", "finished");
    await invite("Engineering", "2026-12-01", "finished");
    await invite("Engineering", "2026-11-10", "finished", otherVersion);

    const november = (await list("?from=2026-11&to=2026-11")).data.overview!.rates;
    expect(november.map((r) => [r.surveyName, r.invited, r.finished])).toEqual([
      ["Exit", 2, 1],
      ["Other", 1, 1],
    ]);
    const engineeringOnly = (await list(`?department=${engineering.id}&survey=${exit.id}`)).data.overview!.rates;
    expect(engineeringOnly.map((r) => [r.surveyName, r.invited, r.finished])).toEqual([["Exit", 3, 2]]);
    const platformOnly = (await list(`?department=${platform.id}`)).data.overview!.rates;
    expect(platformOnly.map((r) => [r.surveyName, r.invited, r.finished, r.rate])).toEqual([["Exit", 1, 1, 1]]);
    expect((await list(`?department=${sales.id}&survey=${other.id}`)).data.overview!.rates).toEqual([]);
  });
});

describe("filters", () => {
  async function scene() {
    const tree = await departmentTree();
    const { survey: exit, version: exitVersion } = await createSurvey({ name: "Exit", confidentiality: "confidential" });
    const { survey: other, version: otherVersion } = await createSurvey({ name: "Other", confidentiality: "confidential" });
    const respond = (version: { id: string; survey_id: string }, departmentId: string, periodMonth: string, enps: number) =>
      createResponse({ surveyId: version.survey_id, surveyVersionId: version.id, confidentiality: "confidential", departmentId, periodMonth, enps });
    await respond(exitVersion, tree.platform.id, "2026-09-01", 1);
    await respond(exitVersion, tree.engineering.id, "2026-10-01", 2);
    await respond(exitVersion, tree.sales.id, "2026-11-01", 3);
    await respond(otherVersion, tree.platform.id, "2026-11-01", 4);
    await respond(exitVersion, tree.engineering.id, "2026-12-01", 5);
    return { ...tree, exit, other };
  }
  const scores = (data: ListData) => data.overview!.confidential.rows.map((row) => row.enpsScore).sort();

  it("limits the period to whole months, from and to included", async () => {
    await scene();
    expect(scores((await list("?from=2026-10&to=2026-11")).data)).toEqual([2, 3, 4]);
    expect(scores((await list("?from=2026-11")).data)).toEqual([3, 4, 5]);
    expect(scores((await list("?to=2026-09")).data)).toEqual([1]);
  });

  it("includes the departments under the chosen one", async () => {
    const { engineering, platform } = await scene();
    expect(scores((await list(`?department=${engineering.id}`)).data)).toEqual([1, 2, 4, 5]);
    expect(scores((await list(`?department=${platform.id}`)).data)).toEqual([1, 4]);
  });

  it("limits to one survey, and combines with the other filters", async () => {
    const { exit, engineering } = await scene();
    expect(scores((await list(`?survey=${exit.id}`)).data)).toEqual([1, 2, 3, 5]);
    const { data } = await list(`?survey=${exit.id}&department=${engineering.id}&from=2026-10&to=2026-12`);
    expect(scores(data)).toEqual([2, 5]);
    expect(data.overview!.results.map((r) => [r.surveyName, "responses" in r ? r.responses : undefined])).toEqual([["Exit", 2]]);
  });

  it("answers 400 naming each filter that is wrong, and shows no figures", async () => {
    await scene();
    const cases: [string, string][] = [
      ["?from=2026-13", "from"],
      ["?to=November", "to"],
      ["?from=2026-12&to=2026-01", "to"],
      ["?department=nope", "department"],
      ["?department=5d0a4ad8-3c36-4f4e-9d0f-6a1c8f1d2b3c", "department"],
      ["?survey=5d0a4ad8-3c36-4f4e-9d0f-6a1c8f1d2b3c", "survey"],
      ["?page=0", "page"],
    ];
    for (const [query, field] of cases) {
      const { status, data } = await list(query);
      expect(status, query).toBe(400);
      expect(Object.keys(data.errors ?? {}), query).toContain(field);
      expect(data.overview).toBeNull();
    }
  });

  it("treats empty fields (as a GET form sends them) as no filter", async () => {
    await scene();
    const { status, data } = await list("?from=&to=&department=&survey=");
    expect(status).toBe(200);
    expect(data.overview!.confidential.total).toBe(5);
  });
});

describe("alumni pulse answers", () => {
  it("name the alumnus who gave a confidential pulse answer, in the list and on the response's own page, though it has no invitation", async () => {
    const departure = await makeBareDeparture();
    const { pulse } = await makePulse();
    const alumnus = await makeAlumnus();
    await testDb().updateTable("alumni_profiles").set({ departure_id: departure.id }).where("user_id", "=", alumnus.id).execute();
    const token = pulseAnswerToken({ pulseId: pulse.id, userId: alumnus.id });
    expect(await recordPulseAnswer(testDb(), { token, score: 9, comment: "", locale: "en", today: daysFromToday(0) })).toMatchObject({ outcome: "recorded" });

    const rows = (await list()).data.overview!.confidential.rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ personName: departure.employee_name, departureId: departure.id, enpsScore: 9 });
    expect(await findConfidentialResponse(testDb(), rows[0]!.id, "en")).toMatchObject({ personName: departure.employee_name, departureId: departure.id });
  });
});
