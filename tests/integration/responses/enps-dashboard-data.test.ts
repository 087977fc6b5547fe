import enAnalytics from "~/locales/en/analytics.json";
import { loader } from "~/routes/admin.analytics._index";
import { createResponse, createSurvey, createUser, departmentTree, installDefaultsWithoutSurveys, signIn } from "../../factories";
import { useTestDatabase } from "../../support/database";
import { pageRequests, useHttpApp } from "../../support/http-app";
import { buildRequest, callLoader, loaderData } from "../../support/remix";

/**
 * The analytics page and its CSV downloads on recorded answers: the page's figures, the small
 * department withheld on the page and in every file (the marker, never its counts), the filters.
 */

useTestDatabase();
const app = useHttpApp();
const { get } = pageRequests(app);

const FEWER_THAN_5 = "fewer than 5 responses";
let hrCookie: string;
let ids: { engineering: string; sales: string; surveyId: string };

beforeEach(async () => {
  await installDefaultsWithoutSurveys();
  hrCookie = await signIn(await createUser({ role: "hr_admin" }));
  const { engineering, sales } = await departmentTree();
  const { survey, version } = await createSurvey({ name: "Exit survey", confidentiality: "confidential" });
  ids = { engineering: engineering.id, sales: sales.id, surveyId: survey.id };
  const answer = (departmentId: string, periodMonth: string, enps: number) =>
    createResponse({ surveyId: survey.id, surveyVersionId: version.id, confidentiality: "confidential", departmentId, periodMonth, enps });
  // Engineering, October 2026: 3 promoters, 1 passive, 2 detractors → eNPS (3 − 2) / 6 = +17.
  for (const score of [10, 10, 9, 8, 3, 0]) await answer(engineering.id, "2026-10-01", score);
  // Sales: two answers, under k = 5.
  for (const score of [9, 2]) await answer(sales.id, "2026-10-01", score);
});

async function dashboardFor(query: string) {
  const response = await callLoader(loader, buildRequest(`/admin/analytics${query}`, { cookie: hrCookie }));
  return { status: response.status, data: await loaderData<typeof loader>(response) };
}

describe("the analytics page on recorded answers", () => {
  it("shows a department's eNPS with its n and margin, and withholds a department under k as 'fewer than 5 responses'", async () => {
    const { status, data } = await dashboardFor("?from=2026-01&to=2026-12");
    expect(status).toBe(200);
    const bars = data.dashboard!.byDepartment;
    const engineering = bars.find((bar) => bar.departmentId === ids.engineering)!;
    expect(engineering.exit).toMatchObject({ suppressed: false, respondents: 6, enps: 17, counts: { promoters: 3, passives: 1, detractors: 2 } });
    expect(bars.find((bar) => bar.departmentId === ids.sales)!.exit).toEqual({ suppressed: true, reason: "fewer_than_k", k: 5 });

    const { html } = await get("/admin/analytics?from=2026-01&to=2026-12", hrCookie);
    const departments = html.slice(html.indexOf('data-chart="chart-departments"'), html.indexOf("</figure>", html.indexOf('data-chart="chart-departments"')));
    expect(departments).toMatch(/<th scope="row">Engineering<\/th><td class="chart-table__number">\+17<\/td><td class="chart-table__number">±\d+<\/td><td class="chart-table__number">6<\/td>/);
    expect(departments).toContain(`<th scope="row">Sales</th><td class="chart-table__number">${FEWER_THAN_5}</td>`);
    expect(departments).toMatch(/data-row="[^"]+" data-suppressed="true"><title>Sales: fewer than 5 responses<\/title>/);
  });

  it("writes the withheld department as 'fewer than 5 responses' in every cell of the CSV, never its counts", async () => {
    const { response, html: csv } = await get("/admin/analytics/export/departments.csv?from=2026-01&to=2026-12&sort=name", hrCookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="enps-departments-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe(
      [enAnalytics.columns.department, enAnalytics.charts.columns.series, "eNPS", enAnalytics.columns.margin, enAnalytics.columns.n, enAnalytics.charts.classes.promoters, enAnalytics.charts.classes.passives, enAnalytics.charts.classes.detractors].join(","),
    );
    const sales = lines.filter((line) => line.startsWith("Sales,Exit survey,"));
    expect(sales).toEqual([`Sales,Exit survey,${Array(6).fill(FEWER_THAN_5).join(",")}`]);
    expect(lines.find((line) => line.startsWith("Engineering,Exit survey,"))).toMatch(/^Engineering,Exit survey,17,[\d.]+,6,3,1,2$/);
    // Sorted by name, as the page was asked.
    const names = lines.slice(1).map((line) => line.split(",")[0]);
    expect(names.indexOf("Engineering")).toBeLessThan(names.indexOf("Sales"));
  });

  it("draws each aggregate's download with the page's filters", async () => {
    for (const aggregate of ["trend", "departments", "distribution", "split", "themes", "reasons", "regrettable", "volume"]) {
      const { response, html } = await get(`/admin/analytics/export/${aggregate}.csv?department=${ids.engineering}&from=2026-10&to=2026-10`, hrCookie);
      expect(response.status, aggregate).toBe(200);
      expect(html.split("\r\n").length, aggregate).toBeGreaterThan(1);
      expect(html, aggregate).not.toContain("Sales");
    }
    const trend = (await get(`/admin/analytics/export/trend.csv?department=${ids.engineering}&from=2026-10&to=2026-10`, hrCookie)).html;
    expect(trend).toContain("2026-10,Exit survey,17,");
  });

  it("narrows to a department subtree: Sales alone has no figure anywhere on the page", async () => {
    const { data } = await dashboardFor(`?department=${ids.sales}`);
    const overTime = data.dashboard!.overTime.filter((row) => !row.exit.suppressed && row.exit.respondents > 0);
    expect(overTime).toEqual([]);
    expect(data.dashboard!.totals.exit).toEqual({ suppressed: true, reason: "fewer_than_k", k: 5 });
    const { html } = await get(`/admin/analytics?department=${ids.sales}`, hrCookie);
    expect(html).not.toMatch(/data-chart="chart-trend"[\s\S]*<circle/);
    expect(html).toContain(FEWER_THAN_5);
  });
});
