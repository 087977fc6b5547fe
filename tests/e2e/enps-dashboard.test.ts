import type { Page } from "playwright-core";
import enAnalytics from "~/locales/en/analytics.json";
import enCommon from "~/locales/en/common.json";
import { expectNoA11yViolations } from "./support/a11y";
import { describeWithBrowser, expectPath, expectVisible, inNewContext, saveShot } from "./support/browser";
import { useJourney } from "./support/journey";
import { signInWithPassword } from "./support/sign-in";

/**
 * HR's eNPS dashboard in a real browser, on the demo data (two years of exit answers through the real
 * submit path, a Legal department too small for a figure of its own): the charts are drawn, a filter
 * changes them, "Show as table" opens the numbers, the departments sort by GET links, Legal shows
 * "fewer than 5 responses", and the page works and prints without JavaScript.
 * E2E_SHOTS_DIR=<folder> saves screenshots of the page on screen and as printed.
 */

const HR = { email: "hr@example.com", password: "demo-password" };
const FEWER_THAN_5 = "fewer than 5 responses";

/** The rows of a chart's table, as text (the table need not be open). */
async function tableRows(page: Page, sectionId: string): Promise<string[][]> {
  return page.locator(`#${sectionId} table tbody tr`).evaluateAll((rows) =>
    rows.map((row) => Array.from(row.querySelectorAll("th, td")).map((cell) => (cell.textContent ?? "").trim())),
  );
}

/** The department chart's rows in the order drawn. */
async function departmentOrder(page: Page): Promise<string[]> {
  return (await tableRows(page, "departments")).map((row) => row[0] ?? "");
}

describeWithBrowser("the eNPS dashboard in the browser", () => {
  const journey = useJourney();

  it("draws the demo data, filters and sorts it, shows each chart as a table, and withholds the small department", async () => {
    const { portal, browser } = journey;
    const { page, errors } = browser;
    const step = journey.steps();

    await step("HR opens Analytics from the navigation and sees every chart drawn", async () => {
      await signInWithPassword(page, portal.url, HR, "/admin");
      await page.getByRole("navigation", { name: enCommon.nav.mainNavigation }).getByRole("link", { name: enCommon.nav.analytics }).click();
      await expectPath(page, "/admin/analytics");
      await expectVisible(page.getByRole("heading", { name: enAnalytics.page.title, level: 1 }));
      for (const id of ["chart-trend", "chart-departments", "chart-distribution-exit", "chart-split", "chart-reasons", "chart-regrettable", "chart-volume"]) {
        await expectVisible(page.locator(`svg[role="img"][data-chart="${id}"]`));
      }
      // Two years of months: the exit line has a point for most of them.
      expect(await page.locator('[data-chart="chart-trend"] [data-series="exit"] circle').count()).toBeGreaterThanOrEqual(18);
      expect(await page.locator('[data-chart="chart-distribution-exit"] [data-column] rect').count()).toBeGreaterThan(5);
      await expectNoA11yViolations(page, "the eNPS dashboard");
      await saveShot(page, "enps-dashboard-desktop");
    });

    await step("Legal, too small for a figure, says 'fewer than 5 responses' and draws no bar", async () => {
      const legal = page.locator('[data-chart="chart-departments"] [data-row]', { hasText: "Legal" });
      await expectVisible(legal);
      expect(await legal.getAttribute("data-suppressed")).toBe("true");
      expect(await legal.locator("rect").count()).toBe(0);
      // The words drawn where the bar would be (the row's <title> says it too, for a pointer).
      const drawnWords = legal.locator("text.chart__withheld");
      await expectVisible(drawnWords);
      expect(await drawnWords.textContent()).toBe(FEWER_THAN_5);
    });

    await step("'Show as table' opens the trend's numbers, the same as the picture's points", async () => {
      const section = page.locator("#trend");
      const table = section.getByRole("table");
      expect(await table.isVisible()).toBe(false);
      await section.getByText(enAnalytics.charts.showTable).click();
      await expectVisible(table);
      const rows = await tableRows(page, "trend");
      expect(rows.length).toBeGreaterThanOrEqual(24);
      const drawn = await page.locator('[data-chart="chart-trend"] [data-series="exit"] circle').evaluateAll((circles) =>
        circles.map((circle) => Number(circle.getAttribute("data-value"))),
      );
      // Column 1 is the exit eNPS: the table's figures are the drawn points, in month order.
      const figures = rows.map((row) => row[1] ?? "").filter((cell) => /^[+-]?\d+$/.test(cell)).map(Number);
      expect(figures).toEqual(drawn);
    });

    await step("the departments sort by name and by respondents through links, Legal last when sorted by a figure", async () => {
      const byEnps = await departmentOrder(page);
      expect(byEnps[byEnps.length - 1]).toBe("Legal");
      await page.locator("#departments").getByRole("link", { name: enAnalytics.sort.name }).click();
      await expectPath(page, /[?&]sort=name\b/);
      const alphabetical = [...byEnps].sort((a, b) => a.localeCompare(b, "en"));
      // The link is followed in place (Remix): the table changes once the new data has arrived.
      await expect.poll(() => departmentOrder(page)).toEqual(alphabetical);
      await page.locator("#departments").getByRole("link", { name: enAnalytics.sort.n }).click();
      await expectPath(page, /[?&]sort=n\b/);
      await expect.poll(async () => (await departmentOrder(page))[0]).not.toBe(alphabetical[0]);
      const byN = await tableRows(page, "departments");
      const counts = byN.filter((row) => row[3] !== "").map((row) => Number((row[3] ?? "").replace(/\D/g, "")));
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      expect(byN[byN.length - 1]?.[0]).toBe("Legal");
    });

    await step("a department filter changes the charts; Legal alone shows no figure anywhere", async () => {
      const before = await tableRows(page, "trend");
      await page.getByRole("combobox", { name: enAnalytics.filters.department, exact: true }).selectOption({ label: "Engineering" });
      await page.getByRole("button", { name: enAnalytics.filters.apply }).click();
      await expectPath(page, /[?&]department=[0-9a-f-]{36}/);
      await expectVisible(page.locator('svg[data-chart="chart-trend"]'));
      await expect.poll(() => tableRows(page, "trend")).not.toEqual(before);
      // The bars become Engineering's own responses and its sub-departments'.
      const bars = await departmentOrder(page);
      expect(bars).toEqual(expect.arrayContaining(["Platform", "Mobile"]));
      expect(bars).not.toContain("Sales");

      await page.getByRole("combobox", { name: enAnalytics.filters.department, exact: true }).selectOption({ label: "Legal" });
      await page.getByRole("button", { name: enAnalytics.filters.apply }).click();
      await expect.poll(async () => (await departmentOrder(page)).every((name) => name.startsWith("Legal"))).toBe(true);
      const legalRows = await tableRows(page, "departments");
      expect(legalRows.length).toBeGreaterThan(0);
      for (const row of legalRows) expect(row[1]).toBe(FEWER_THAN_5);
      expect(await page.locator('[data-chart="chart-trend"] circle').count()).toBe(0);
      expect(await page.locator('[data-chart="chart-distribution-exit"] rect').count()).toBe(0);
      await saveShot(page, "enps-dashboard-legal");
    });

    await step("a bad month in the address is shown beside the form, not a crash", async () => {
      errors.allow(/status of 400\b/);
      await page.goto(`${portal.url}/admin/analytics?from=2026-13`);
      await expectVisible(page.getByText(enAnalytics.filters.errors.from).first());
    });

    await step("printed: the charts and their tables, no navigation, filters or buttons", async () => {
      await page.goto(`${portal.url}/admin/analytics`);
      await page.emulateMedia({ media: "print" });
      expect(await page.getByRole("navigation", { name: enCommon.nav.mainNavigation }).isVisible()).toBe(false);
      expect(await page.getByRole("button", { name: enAnalytics.filters.apply }).isVisible()).toBe(false);
      expect(await page.locator("#departments").getByRole("link", { name: enAnalytics.sort.name }).isVisible()).toBe(false);
      await expectVisible(page.locator('svg[data-chart="chart-trend"]'));
      // Every "Show as table" is open on paper.
      await expectVisible(page.locator("#trend").getByRole("table"));
      await expectVisible(page.locator("#reasons").getByRole("table"));
      await page.setViewportSize({ width: 794, height: 1123 });
      await saveShot(page, "enps-dashboard-print");
      await page.emulateMedia({ media: "screen" });
    });

    await step("without JavaScript the charts, the sorting and 'show as table' work the same", async () => {
      await inNewContext(browser, { javaScriptEnabled: false }, async ({ page: noJs }) => {
        await signInWithPassword(noJs, portal.url, HR, "/admin");
        await noJs.goto(`${portal.url}/admin/analytics?sort=name`);
        await expectVisible(noJs.locator('svg[data-chart="chart-trend"]'));
        await noJs.locator("#departments").getByText(enAnalytics.charts.showTable).click();
        await expectVisible(noJs.locator("#departments").getByRole("table"));
        await expectVisible(noJs.locator("#departments").getByRole("rowheader", { name: "Legal" }));
      });
    });
  });
});
