import enCommon from "~/locales/en/common.json";
import enDepartures from "~/locales/en/departures.json";
import enTasks from "~/locales/en/tasks.json";
import { addBusinessDays, todayIn } from "~/utils/calendar-days";
import { formatDate } from "~/utils/format";
import { describeWithBrowser, expectVisible, holdPageScripts, inNewContext, journeySteps, launchBrowser, type BrowserSession } from "./support/browser";
import { recordDepartureWithForm } from "./support/departure-form";
import { acquirePortal, type RunningPortal } from "./support/portal";
import { signInWithPassword } from "./support/sign-in";

/**
 * The offboarding journey in a real browser: HR records a departure with the form, its checklist
 * appears with the right due dates, the IT task owner completes a task with a note from their inbox,
 * and HR then sees the progress move and the completion in the departure's timeline. One test of
 * named steps: each builds on the one before, as the people involved would go through them.
 */

const HR = { email: "hr@example.com", password: "demo-password" };
const IT = { email: "it@example.com", password: "demo-password", name: "Ivan Torres" };
const LEAVER = { name: "Eve Example", email: "eve.example@example.com" };
const TASK = "Disable accounts and revoke tokens";

// The demo seed's holidays: New Year's Day, Labour Day, Christmas (this year and New Year next year).
function demoHolidays(today: string) {
  const year = Number(today.slice(0, 4));
  return new Set([`${year}-01-01`, `${year}-05-01`, `${year}-12-25`, `${year + 1}-01-01`]);
}

describeWithBrowser("offboarding journey in the browser", () => {
  let portal: RunningPortal;
  let browser: BrowserSession;
  const today = todayIn("UTC");
  const lastDay = addBusinessDays(today, 15, demoHolidays(today));

  beforeAll(async () => {
    [portal, browser] = await Promise.all([acquirePortal(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  function assertNoServerErrors() {
    const serverErrors = portal?.takeServerErrors() ?? [];
    if (serverErrors.length > 0) throw new Error(`The portal logged errors:\n${serverErrors.join("\n")}`);
  }

  it("lets HR record a departure whose checklist is due in business days, the IT owner complete a task from their inbox, and HR see it in the timeline", async () => {
    await inNewContext(browser, {}, async ({ page, errors }) => {
      const step = journeySteps(() => {
        errors.assertClean();
        assertNoServerErrors();
      });
      let departurePath = "";

      await step("HR records a departure with the form and sees its checklist with due dates counted in business days", async () => {
        await signInWithPassword(page, portal.url, HR, "/admin");
        departurePath = await recordDepartureWithForm(page, portal.url, LEAVER, { noticeDate: today, lastDay });

        // "Disable accounts" is due on the last day itself; "Schedule account deactivation" two business days before.
        const disableRow = page.getByRole("row").filter({ hasText: TASK });
        await expectVisible(disableRow.getByText(formatDate(lastDay, "en")));
        const scheduleRow = page.getByRole("row").filter({ hasText: "Schedule account deactivation for the last day" });
        await expectVisible(scheduleRow.getByText(formatDate(addBusinessDays(lastDay, -2, demoHolidays(today)), "en")));
      });

      await step("the IT task owner completes the task with a note from their inbox, seeing only the minimum about the leaver", async () => {
        await inNewContext(browser, {}, async ({ page: owner }) => {
          await signInWithPassword(owner, portal.url, IT, "/tasks");
          // Due on the last day, weeks away: among the later tasks, past the first ten the inbox shows.
          await owner.getByRole("link", { name: /^Show all \d+ later tasks$/ }).click();
          const item = owner.getByRole("listitem").filter({ has: owner.getByRole("heading", { name: TASK }) }).filter({ hasText: LEAVER.name });
          await expectVisible(item);
          // The inbox shows the person and dates, never the departure's reason or the leaver's email.
          await expectVisible(item.getByText(LEAVER.name, { exact: false }));
          expect(await item.textContent()).not.toContain(LEAVER.email);
          await item.getByText(enTasks.complete.summary, { exact: true }).click();
          // The form is drawn when its disclosure opens (the served page holds only a link to it:
          // docs/benchmarks.md, "Pages"); it checks its fields in the browser before anything is sent.
          const evidence = item.getByLabel(enTasks.complete.evidence);
          await evidence.fill("ftp://files.example.com/receipt");
          await evidence.blur();
          await expectVisible(item.getByText(enTasks.validation.evidenceUrl));
          expect(await evidence.getAttribute("aria-invalid")).toBe("true");
          await evidence.fill("");
          await item.getByLabel(enTasks.complete.note).fill("Accounts disabled in the identity provider.");
          await item.getByRole("button", { name: enTasks.complete.submit }).click();
          await expectVisible(owner.getByText(enTasks.notices.completed));
        });
      });

      await step("a task's form is reached without JavaScript, and one opened before the JavaScript arrived is drawn", async () => {
        const formOf = (page: import("playwright-core").Page, summary: string) =>
          page
            .getByRole("listitem")
            .filter({ has: page.getByRole("heading", { name: "Schedule account deactivation for the last day" }) })
            .filter({ hasText: LEAVER.name })
            .locator("details", { has: page.getByText(summary, { exact: true }) });
        await inNewContext(browser, { javaScriptEnabled: false }, async ({ page: owner }) => {
          await signInWithPassword(owner, portal.url, IT, "/tasks");
          await owner.goto(`${portal.url}/tasks?later=all`);
          const disclosure = formOf(owner, enTasks.notApplicable.summary);
          await disclosure.getByText(enTasks.notApplicable.summary, { exact: true }).click();
          await disclosure.getByRole("link", { name: enCommon.ui.showForm }).click();
          await expectVisible(formOf(owner, enTasks.notApplicable.summary).getByLabel(enTasks.notApplicable.reason));
          expect(new URL(owner.url()).searchParams.get("open")).toMatch(/^na-/);
          expect(new URL(owner.url()).searchParams.get("later")).toBe("all");
        });
        await inNewContext(browser, {}, async ({ page: owner }) => {
          await signInWithPassword(owner, portal.url, IT, "/tasks");
          // A slow phone: the page's scripts held back while the person opens a disclosure.
          const { release } = await holdPageScripts(owner);
          await owner.goto(`${portal.url}/tasks?later=all`, { waitUntil: "commit" });
          const disclosure = formOf(owner, enTasks.reassign.summary);
          await disclosure.getByText(enTasks.reassign.summary, { exact: true }).click();
          await expectVisible(disclosure.getByRole("link", { name: enCommon.ui.showForm }));
          release();
          await expectVisible(disclosure.getByLabel(enTasks.reassign.assignee));
        });
      });

      await step("HR sees the progress moved and the completion, by whom, in the timeline", async () => {
        await page.goto(`${portal.url}${departurePath}`);
        const progress = page.getByRole("progressbar", { name: enDepartures.detail.progress.label });
        await expectVisible(progress);
        expect(Number(await progress.getAttribute("value"))).toBe(1);
        const timeline = page.getByRole("main");
        await expectVisible(timeline.getByText(`completed the task “${TASK}”`).first());
        await expectVisible(timeline.getByText(IT.name).first());
      });
    });
  });
});
