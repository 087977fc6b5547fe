import { randomUUID } from "node:crypto";
import enAnalytics from "~/locales/en/analytics.json";
import enCommon from "~/locales/en/common.json";
import frAnalytics from "~/locales/fr/analytics.json";
import { createUser, departmentTree, installDefaultsWithoutSurveys, signIn } from "../../factories";
import { useTestDatabase } from "../../support/database";
import { pageRequests, useHttpApp } from "../../support/http-app";

/** HR's analytics page and its CSV downloads as a browser without JavaScript gets them: who may open them, and what a bad filter does. */

useTestDatabase();
const app = useHttpApp();
const { get } = pageRequests(app);

let hrCookie: string;
beforeEach(async () => {
  await installDefaultsWithoutSurveys();
  hrCookie = await signIn(await createUser({ role: "hr_admin" }));
});

describe("the analytics page's access and filters", () => {
  it("is in HR's navigation, and refuses task owners, leavers and alumni, page and downloads alike", async () => {
    const { response, html } = await get("/admin", hrCookie);
    expect(response.status).toBe(200);
    expect(html).toContain(`href="/admin/analytics">${enCommon.nav.analytics}</a>`);

    for (const role of ["task_owner", "leaver", "alumnus"] as const) {
      const cookie = await signIn(await createUser({ role }));
      expect((await get("/admin/analytics", cookie)).response.status).toBe(403);
      expect((await get("/admin/analytics/export/trend.csv", cookie)).response.status).toBe(403);
    }
    // Not signed in: to the sign-in page.
    expect((await get("/admin/analytics/export/trend.csv")).response.status).toBe(302);
  });

  it("answers malformed filters with 400 and the form naming each one, never a 500", async () => {
    const { response, html } = await get("/admin/analytics?from=2026-13&to=26-01&department=eng&departureType=quit&survey=42&sort=size", hrCookie);
    expect(response.status).toBe(400);
    expect(html).toContain(enAnalytics.filters.invalidTitle);
    for (const message of [
      enAnalytics.filters.errors.from,
      enAnalytics.filters.errors.to,
      enAnalytics.filters.errors.department,
      enAnalytics.filters.errors.departureType,
      enAnalytics.filters.errors.survey,
      enAnalytics.filters.errors.sort,
    ]) {
      expect(html).toContain(message);
    }
    // The form shows back what was sent, to be corrected; no chart is drawn from a query it could not read.
    expect(html).toMatch(/name="from"[^>]*value="2026-13"|value="2026-13"[^>]*name="from"/);
    expect(html).not.toContain('role="img"');
  });

  it("refuses a period that ends before it starts, and a department or survey that does not exist", async () => {
    const order = await get("/admin/analytics?from=2026-06&to=2026-01", hrCookie);
    expect(order.response.status).toBe(400);
    expect(order.html).toContain(enAnalytics.filters.errors.order);

    const unknown = await get(`/admin/analytics?department=${randomUUID()}&survey=${randomUUID()}`, hrCookie);
    expect(unknown.response.status).toBe(400);
    expect(unknown.html).toContain(enAnalytics.filters.errors.department);
    expect(unknown.html).toContain(enAnalytics.filters.errors.survey);

    const { engineering } = await departmentTree();
    const known = await get(`/admin/analytics?department=${engineering.id}&departureType=voluntary&from=2026-01&to=2026-06&sort=name`, hrCookie);
    expect(known.response.status).toBe(200);
    expect(known.html).not.toContain(enAnalytics.filters.invalidTitle);
  });

  it("answers a download that does not exist with 404 and a download with a bad filter with 400, in words", async () => {
    const missing = await get("/admin/analytics/export/salaries.csv", hrCookie);
    expect(missing.response.status).toBe(404);
    expect(missing.html).toContain(enAnalytics.filters.errors.aggregate);

    const bad = await get("/admin/analytics/export/trend.csv?from=yesterday", hrCookie);
    expect(bad.response.status).toBe(400);
    expect(bad.response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(bad.html).toContain(`from: ${enAnalytics.filters.errors.from}`);
  });

  it("is in French for a French-speaking admin, the explanation of eNPS, the margin and k included", async () => {
    const cookie = await signIn(await createUser({ role: "hr_admin", locale: "fr" }));
    const { html } = await get("/admin/analytics", cookie);
    expect(html).toContain(frAnalytics.page.title);
    expect(html).toContain(frAnalytics.page.explainEnps);
    expect(html).toContain(frAnalytics.page.explainMargin);
    expect(html).toContain(frAnalytics.page.explainK.replaceAll("{{k}}", "5"));
    const bad = await get("/admin/analytics?departureType=quit", cookie);
    expect(bad.html).toContain(frAnalytics.filters.errors.departureType);
  });
});
