import { translator } from "~/modules/i18n/translator";
import { responsesOverview, type SurveyResult } from "~/modules/responses/responses-overview.server";
import { loader } from "~/routes/admin.responses._index";
import { testDb, useTestDatabase } from "../../support/database";
import { createAnonymousResponses, createResponse, createSurvey } from "../../support/exit";
import { createUser, signIn } from "../../support/factories";
import { buildRequest, callLoader } from "../../support/remix";
import { allFilters, countSelected, exposingPairs, generateCase, seededRandom, type GeneratedFilter } from "../../support/differencing-generator";
import { departmentTree, installDefaultsWithoutSurveys } from "./helpers";

useTestDatabase();

interface Result {
  surveyId: string;
  confidentiality: string;
  suppressed: boolean;
  reason?: string;
  responses?: number;
}

let hrCookie: string;
beforeEach(async () => {
  await installDefaultsWithoutSurveys();
  hrCookie = await signIn(await createUser({ role: "hr_admin" }));
});

async function resultFor(surveyId: string, query = "", confidentiality = "anonymous"): Promise<Result> {
  const response = await callLoader(loader, buildRequest(`/admin/responses${query}`, { cookie: hrCookie }));
  const data = (await response.json()) as { overview: { results: Result[] } };
  return data.overview.results.find((result) => result.surveyId === surveyId && result.confidentiality === confidentiality)!;
}

describe("complementary suppression of anonymous results", () => {
  it("hides a department subtree whose complement within all departments is under 5 (20 − 17 = 3)", async () => {
    const { engineering, platform, sales } = await departmentTree();
    const { survey, version } = await createSurvey({ confidentiality: "anonymous" });
    const base = { surveyId: survey.id, surveyVersionId: version.id };
    await createAnonymousResponses({ ...base, departmentId: engineering.id }, [9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9]);
    await createAnonymousResponses({ ...base, departmentId: platform.id }, [8, 8, 8, 8, 8]);
    await createAnonymousResponses({ ...base, departmentId: sales.id }, [0, 1, 2]);

    expect(await resultFor(survey.id)).toMatchObject({ suppressed: false, responses: 20 });
    const engineeringResult = await resultFor(survey.id, `?department=${engineering.id}`);
    expect(engineeringResult).toEqual({ surveyId: survey.id, surveyName: expect.any(String), confidentiality: "anonymous", suppressed: true, reason: "differencing" });
    // Sales itself stays hidden as a small group, so the 3 are visible nowhere.
    expect(await resultFor(survey.id, `?department=${sales.id}`)).toMatchObject({ suppressed: true, reason: "small_group" });
    // A sub-department with big enough complements everywhere above it is still shown.
    expect(await resultFor(survey.id, `?department=${platform.id}`)).toMatchObject({ suppressed: false, responses: 5 });
  });

  it("hides a period whose complement within a longer period is under 5 (Jan–Mar 18 − Jan–Feb 15 = March's 3)", async () => {
    const { survey, version } = await createSurvey({ confidentiality: "anonymous" });
    const base = { surveyId: survey.id, surveyVersionId: version.id };
    await createAnonymousResponses({ ...base, periodMonth: "2026-01-01" }, [9, 9, 9, 9, 9, 9, 9, 9]);
    await createAnonymousResponses({ ...base, periodMonth: "2026-02-01" }, [7, 7, 7, 7, 7, 7, 7]);
    await createAnonymousResponses({ ...base, periodMonth: "2026-03-01" }, [0, 0, 0]);
    // April makes all time (24) far enough from Jan–Feb (15): the wider period that betrays March is Jan–Mar.
    await createAnonymousResponses({ ...base, periodMonth: "2026-04-01" }, [8, 8, 8, 8, 8, 8]);

    expect(await resultFor(survey.id, "?from=2026-01&to=2026-03")).toMatchObject({ suppressed: false, responses: 18 });
    expect(await resultFor(survey.id, "?from=2026-01&to=2026-02")).toMatchObject({ suppressed: true, reason: "differencing" });
    expect(await resultFor(survey.id, "?to=2026-02")).toMatchObject({ suppressed: true, reason: "differencing" });
    expect(await resultFor(survey.id, "?from=2026-03&to=2026-03")).toMatchObject({ suppressed: true, reason: "small_group" });
    expect(await resultFor(survey.id)).toMatchObject({ suppressed: false, responses: 24 });
  });

  it("hides a department-and-period cell whose only small complement is against all departments and all time", async () => {
    const { engineering, sales } = await departmentTree();
    const { survey, version } = await createSurvey({ confidentiality: "anonymous" });
    const base = { surveyId: survey.id, surveyVersionId: version.id };
    // Engineering answered only in January and nobody else did then: both one-dimension complements are 0.
    await createAnonymousResponses({ ...base, departmentId: engineering.id, periodMonth: "2026-01-01" }, [9, 9, 9, 9, 9, 9, 9, 9, 9, 9]);
    await createAnonymousResponses({ ...base, departmentId: sales.id, periodMonth: "2026-02-01" }, [0, 0, 0]);

    expect(await resultFor(survey.id)).toMatchObject({ suppressed: false, responses: 13 });
    expect(await resultFor(survey.id, `?department=${engineering.id}&from=2026-01&to=2026-01`)).toMatchObject({ suppressed: true, reason: "differencing" });
    expect(await resultFor(survey.id, `?department=${engineering.id}`)).toMatchObject({ suppressed: true, reason: "differencing" });
    expect(await resultFor(survey.id, "?from=2026-01&to=2026-01")).toMatchObject({ suppressed: true, reason: "differencing" });
  });

  it("says why in plain words, and leaves confidential surveys alone", async () => {
    const { engineering, sales } = await departmentTree();
    const { survey: anonymous, version: anonymousVersion } = await createSurvey({ confidentiality: "anonymous" });
    const { survey: confidential, version: confidentialVersion } = await createSurvey({ confidentiality: "confidential" });
    for (const [survey, version, confidentiality] of [
      [anonymous, anonymousVersion, "anonymous"],
      [confidential, confidentialVersion, "confidential"],
    ] as const) {
      for (let i = 0; i < 17; i += 1) await createResponse({ surveyId: survey.id, surveyVersionId: version.id, confidentiality, departmentId: engineering.id });
      for (let i = 0; i < 3; i += 1) await createResponse({ surveyId: survey.id, surveyVersionId: version.id, confidentiality, departmentId: sales.id });
    }
    expect(await resultFor(anonymous.id, `?department=${engineering.id}`)).toMatchObject({ suppressed: true, reason: "differencing" });
    expect(await resultFor(confidential.id, `?department=${engineering.id}`, "confidential")).toMatchObject({ suppressed: false, responses: 17 });
    // The page words the "differencing" reason for HR, in both languages.
    expect(translator("en", "responses")("results.suppressedDifferencing", { min: 5 })).toBe(
      "Hidden: showing these figures would let someone work out the answers of fewer than 5 people by comparing with the wider totals.",
    );
    expect(translator("fr", "responses")("results.suppressedDifferencing", { min: 5 })).toMatch(/^Masqué : .*moins de 5 personnes/);
  });
});

describe("property: the module never shows two nested anonymous groups differing by 1 to 4", () => {
  it("holds for random org trees, responses and every pair of filters, read through responsesOverview", async () => {
    const db = testDb();
    const root = await db.selectFrom("departments").select("id").where("parent_id", "is", null).executeTakeFirstOrThrow();
    let suppressedByDifferencing = 0;
    let pairsUnderThresholdAlone = 0;
    for (let seed = 1; seed <= 6; seed += 1) {
      const generated = generateCase(seededRandom(seed * 7919));
      // Department 0 of the generated tree is the company root; the others are fresh per case.
      const ids: string[] = [root.id];
      for (let i = 1; i < generated.parents.length; i += 1) {
        const row = await db.insertInto("departments").values({ name: `Case ${seed} dept ${i}`, parent_id: ids[generated.parents[i]!]! }).returning("id").executeTakeFirstOrThrow();
        ids.push(row.id);
      }
      // Responses from earlier cases sit in other surveys, and in departments outside this tree (but
      // under the root): they would only matter if results leaked across surveys.
      const { survey, version } = await createSurvey({ name: `Case ${seed}`, confidentiality: "anonymous" });
      for (const response of generated.responses) {
        await createResponse({
          surveyId: survey.id,
          surveyVersionId: version.id,
          confidentiality: "anonymous",
          departmentId: response.department === null ? null : ids[response.department]!,
          periodMonth: response.month,
          enps: response.enps,
        });
      }

      const visible: { filter: GeneratedFilter; count: number }[] = [];
      for (const filter of allFilters(generated)) {
        const overview = await responsesOverview(db, {
          departmentId: filter.department === undefined ? undefined : ids[filter.department],
          fromMonth: filter.fromMonth,
          toMonth: filter.toMonth,
          surveyId: survey.id,
          page: 1,
        });
        if (!overview.ok) throw new Error("unknown department");
        const result = overview.overview.results.find((r: SurveyResult) => r.surveyId === survey.id);
        if (!result) continue;
        if (result.suppressed) {
          if (result.reason === "differencing") suppressedByDifferencing += 1;
          continue;
        }
        // What the module shows is the true count of that selection.
        expect(result.responses).toBe(countSelected(generated, filter));
        visible.push({ filter, count: result.responses });
      }
      expect({ seed, pairs: exposingPairs(generated, visible, 5) }).toEqual({ seed, pairs: [] });
      // The same cases do hold differencing attacks against the "n ≥ 5" rule alone.
      const bigEnough = allFilters(generated)
        .map((filter) => ({ filter, count: countSelected(generated, filter) }))
        .filter((group) => group.count >= 5);
      pairsUnderThresholdAlone += exposingPairs(generated, bigEnough, 5).length;
    }
    expect(suppressedByDifferencing).toBeGreaterThan(0);
    expect(pairsUnderThresholdAlone).toBeGreaterThan(0);
  }, 120_000);
});
