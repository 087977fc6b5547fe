import * as enpsMetricsRoute from "~/routes/api.v1.metrics.enps";
import { enpsMetricsResponse } from "~/modules/integrations/metrics-api.server";
import { readEnpsDashboard, type EnpsDashboardFilters } from "~/modules/responses/enps-dashboard.server";
import { testDb, useTestDatabase } from "../../support/database";
import { apiRequest, callRoute, problemOf } from "./helpers";
import { createAnonymousResponses, createResponse, createSurvey, issueToken, setAnonymitySettings } from "../../factories";

/**
 * GET /api/v1/metrics/enps answers exactly what the dashboard's read model gives for the same
 * filters (so the API and the page cannot differ), refuses a request without a token, and names a
 * bad query parameter in a 400 problem.
 */

useTestDatabase();

let token: string;
let ids: { engineering: string; sales: string; exitSurvey: string };

beforeEach(async () => {
  ({ token } = await issueToken());
  await setAnonymitySettings({ minBlockSize: 3, releaseDelayDays: 1 });
  const department = async (name: string, parentId: string | null) =>
    (await testDb().insertInto("departments").values({ name, parent_id: parentId }).returning("id").executeTakeFirstOrThrow()).id;
  const company = await department("Company", null);
  const engineering = await department("Engineering", company);
  const sales = await department("Sales", company);
  const exit = await createSurvey({ name: "Exit", kind: "exit" });
  const pulse = await createSurvey({ name: "Pulse", kind: "pulse" });
  const anonymous = await createSurvey({ name: "Anonymous", confidentiality: "anonymous" });
  const base = { confidentiality: "confidential" as const };
  for (const [enps, month, departmentId] of [[10, "2026-09-01", engineering], [9, "2026-09-01", engineering], [3, "2026-10-01", engineering], [7, "2026-10-01", sales]] as const) {
    await createResponse({ ...base, surveyId: exit.survey.id, surveyVersionId: exit.version.id, enps, periodMonth: month, departmentId, answers: { enps, change: "My manager was great but the pay was bad" } });
  }
  for (const enps of [10, 6, 8]) await createResponse({ ...base, surveyId: pulse.survey.id, surveyVersionId: pulse.version.id, enps, periodMonth: "2026-10-01", departmentId: sales, departureType: null });
  await createAnonymousResponses({ surveyId: anonymous.survey.id, surveyVersionId: anonymous.version.id, departmentId: sales, pooledOn: "2026-10-02" }, [0, 9, 9, 4], "2026-10-20");
  ids = { engineering, sales, exitSurvey: exit.survey.id };
});

function get(query: string, withToken = true) {
  return callRoute(enpsMetricsRoute, apiRequest(`/api/v1/metrics/enps${query}`, { token: withToken ? token : null }));
}

describe("GET /api/v1/metrics/enps", () => {
  it("answers exactly what readEnpsDashboard returns for the same filters", async () => {
    const cases: Array<[string, EnpsDashboardFilters]> = [
      ["", {}],
      [`?from=2026-10&to=2026-10`, { fromMonth: "2026-10-01", toMonth: "2026-10-01" }],
      [`?department=${ids.engineering}`, { departmentId: ids.engineering }],
      [`?department=${ids.sales}&surveyKind=pulse`, { departmentId: ids.sales, surveyKind: "pulse" }],
      [`?survey=${ids.exitSurvey}&departureType=voluntary`, { surveyId: ids.exitSurvey, departureType: "voluntary" }],
    ];
    for (const [query, filters] of cases) {
      const response = await get(query);
      expect(response.status, query).toBe(200);
      expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
      const body = await response.json();
      expect(body, query).toEqual(JSON.parse(JSON.stringify(await readEnpsDashboard(testDb(), filters))));
      // And it is what the OpenAPI document describes.
      expect(enpsMetricsResponse.safeParse(body).success, query).toBe(true);
    }
    // The answer holds figures, a withheld group and the departments' bars, not only empty shells.
    const whole = await (await get("")).json();
    expect(whole.totals.exit.respondents).toBe(8);
    expect(whole.byDepartment.find((bar: { name: string }) => bar.name === "Sales").exit).toMatchObject({ suppressed: false, confidentialWithheld: true, respondents: 4 });
  });

  it("refuses a request without a token", async () => {
    const response = await get("", false);
    expect(response.status).toBe(401);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
  });

  it("names each bad query parameter in a 400 problem", async () => {
    const response = await get("?from=2026-13&department=engineering&surveyKind=weekly&departureType=quit");
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect((problem.errors ?? []).map((error) => error.parameter).sort()).toEqual(["department", "departureType", "from", "surveyKind"]);
    const backwards = await problemOf(await get("?from=2026-10&to=2026-09"));
    expect(backwards.errors).toEqual([{ parameter: "to", detail: expect.stringContaining("from") }]);
  });
});
