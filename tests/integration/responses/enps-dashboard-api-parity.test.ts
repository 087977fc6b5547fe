import { loader as pageLoader } from "~/routes/admin.analytics._index";
import * as enpsMetricsRoute from "~/routes/api.v1.metrics.enps";
import { createAnonymousResponses, createResponse, createSurvey, createUser, departmentTree, installDefaultsWithoutSurveys, issueToken, signIn } from "../../factories";
import { formatMargin, formatSigned } from "~/components/charts/chart-format";
import type { EnpsDashboard, EnpsFigure } from "~/modules/responses/enps-dashboard";
import { useTestDatabase } from "../../support/database";
import { pageRequests, useHttpApp } from "../../support/http-app";
import { buildRequest, callLoader, loaderData } from "../../support/remix";
import { apiRequest, callRoute } from "../api/helpers";

/**
 * The API answers exactly what the page shows: for the same filters, the analytics page's loader
 * data and `GET /api/v1/metrics/enps` carry the same figures, withheld groups and anonymous blocks
 * included, and the page's tables write the API's numbers.
 */

useTestDatabase();
const { get } = pageRequests(useHttpApp());
type DepartmentBar = EnpsDashboard["byDepartment"][number];

let hrCookie: string;
let token: string;
let ids: { engineering: string; platform: string; sales: string; exitSurvey: string; anonymousSurvey: string };

beforeEach(async () => {
  await installDefaultsWithoutSurveys();
  hrCookie = await signIn(await createUser({ role: "hr_admin" }));
  ({ token } = await issueToken());
  const { engineering, platform, sales } = await departmentTree();
  const exit = await createSurvey({ name: "Exit", kind: "exit" });
  const pulse = await createSurvey({ name: "Pulse", kind: "pulse" });
  const anonymous = await createSurvey({ name: "Anonymous exit", confidentiality: "anonymous" });
  const answer = (surveyId: string, surveyVersionId: string, departmentId: string, periodMonth: string, enps: number, departureType: "voluntary" | "involuntary" | null = "voluntary") =>
    createResponse({ surveyId, surveyVersionId, confidentiality: "confidential", departmentId, periodMonth, enps, departureType, answers: { enps, change: "The pay was bad but my manager was great" } });
  for (const [score, month] of [[10, "2026-09-01"], [9, "2026-09-01"], [3, "2026-10-01"], [8, "2026-10-01"], [0, "2026-10-01"], [10, "2026-10-01"]] as const) {
    await answer(exit.survey.id, exit.version.id, platform.id, month, score);
  }
  await answer(exit.survey.id, exit.version.id, engineering.id, "2026-10-01", 6, "involuntary");
  // Sales: two exit answers (withheld under k = 5) and three pulse answers from its alumni.
  for (const score of [9, 2]) await answer(exit.survey.id, exit.version.id, sales.id, "2026-10-01", score);
  for (const score of [10, 6, 8]) await answer(pulse.survey.id, pulse.version.id, sales.id, "2026-10-01", score, null);
  // One released anonymous block from Engineering.
  await createAnonymousResponses({ surveyId: anonymous.survey.id, surveyVersionId: anonymous.version.id, departmentId: engineering.id, pooledOn: "2026-10-02" }, [0, 9, 9, 4, 10], "2026-10-20");
  ids = { engineering: engineering.id, platform: platform.id, sales: sales.id, exitSurvey: exit.survey.id, anonymousSurvey: anonymous.survey.id };
});

async function pageData(query: string) {
  const response = await callLoader(pageLoader, buildRequest(`/admin/analytics${query}`, { cookie: hrCookie }));
  expect(response.status, query).toBe(200);
  return loaderData<typeof pageLoader>(response);
}

async function apiBody(query: string) {
  const response = await callRoute(enpsMetricsRoute, apiRequest(`/api/v1/metrics/enps${query}`, { token }));
  expect(response.status, query).toBe(200);
  return response.json();
}

describe("the analytics page and GET /api/v1/metrics/enps", () => {
  it("carry the same figures for the same filters", async () => {
    const queries = [
      "",
      "?from=2026-10&to=2026-10",
      `?department=${ids.engineering}`,
      `?department=${ids.platform}&from=2026-09`,
      `?department=${ids.sales}`,
      `?survey=${ids.exitSurvey}&departureType=voluntary`,
      `?survey=${ids.anonymousSurvey}`,
      "?departureType=involuntary",
    ];
    for (const query of queries) {
      const [page, api] = await Promise.all([pageData(query), apiBody(query)]);
      expect(page.dashboard, query).toEqual(api);
    }
    // Not empty shells: figures, a withheld group and the anonymous block are in what is compared.
    const whole = await apiBody("");
    expect(whole.totals.exit).toMatchObject({ suppressed: false });
    expect(whole.anonymous.blocks).toBe(1);
    const sales = (await apiBody(`?department=${ids.sales}&survey=${ids.exitSurvey}`)).totals.exit;
    expect(sales).toEqual({ suppressed: true, reason: "fewer_than_k", k: 5 });
  });

  it("writes in the page's department table the numbers the API answers", async () => {
    const api = await apiBody(`?department=${ids.engineering}`);
    const { html } = await get(`/admin/analytics?department=${ids.engineering}`, hrCookie);
    const table = html.slice(html.indexOf('data-chart="chart-departments"'), html.indexOf("</figure>", html.indexOf('data-chart="chart-departments"')));
    const shown = api.byDepartment.filter((bar: DepartmentBar) => !bar.exit.suppressed && bar.exit.respondents > 0);
    expect(shown.length).toBeGreaterThanOrEqual(2);
    for (const bar of shown as DepartmentBar[]) {
      const figure = bar.exit as Extract<EnpsFigure, { suppressed: false }>;
      const name = bar.scope === "own" ? `${bar.name} (its own responses)` : bar.name;
      const cells = [formatSigned(figure.enps!, "en"), formatMargin(figure.marginOfError!, "en"), String(figure.respondents)];
      expect(table, name ?? "").toContain(`<th scope="row">${name}</th>${cells.map((cell) => `<td class="chart-table__number">${cell}</td>`).join("")}`);
    }
  });
});
