import type { Page } from "playwright-core";
import enAuth from "~/locales/en/auth.json";
import enExit from "~/locales/en/exit.json";
import frExit from "~/locales/fr/exit.json";
import { unsubscribeToken } from "~/modules/newsletter/signed-links.server";
import { expectNoA11yViolations } from "./support/a11y";
import { describeWithBrowser, expectPath, expectVisible, inNewContext, saveShot } from "./support/browser";
import { useJourney } from "./support/journey";
import { signInWithMagicLink, signInWithPassword } from "./support/sign-in";

/**
 * Issue 15, release hygiene: axe-core (WCAG 2.x A and AA) over the main pages of every role, in
 * Chromium, on the demo portal's data (server/seed.ts, the same the README's sign-ins use): the
 * anonymous visitor, the leaver in the exit flow, the alumnus, the task owner and the HR admin. Every
 * page is checked with JavaScript on; a few are checked again without it, as the server sends them.
 * Nothing is submitted but sign-ins: the other journeys share the demo portal. Screenshots of a few
 * pages go to E2E_SHOTS_DIR when it is set.
 */

const HR = { email: "hr@example.com", password: "demo-password" };
const IT = { email: "it@example.com", password: "demo-password" };
const ALEX = "alex.alumni@example.net";
const SAM = "sam.leaver@example.com";
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/**
 * The first link on the page to a path of this shape, e.g. /admin/departures/{uuid}. Waited for: after
 * a client-side navigation (a hydrated sign-in form) the address changes before React has rendered
 * the new page, and no "load" event marks the moment it has.
 */
async function firstLink(page: Page, pattern: RegExp): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(
      async () => {
        const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
        found = hrefs.map((href) => href.split(/[?#]/)[0]!).find((href) => pattern.test(href));
        return found;
      },
      { timeout: 15_000, message: `a link matching ${pattern} on ${page.url()}` },
    )
    .toBeDefined();
  return found!;
}

describeWithBrowser("accessibility of the main pages of every role", () => {
  const journey = useJourney();

  /** Opens each path in turn and runs axe on it; the heading proves the page is the one meant. */
  async function checkPages(page: Page, who: string, paths: readonly string[], shots: readonly string[] = []) {
    for (const path of paths) {
      await page.goto(`${journey.portal.url}${path}`);
      await expectVisible(page.getByRole("heading", { level: 1 }));
      await expectNoA11yViolations(page, `${path} as ${who}`);
      if (shots.includes(path)) await saveShot(page, `a11y ${who} ${path}`);
    }
  }

  it("finds no violation on the pages of HR, a task owner, an alumnus, a leaver and an anonymous visitor", async () => {
    const { portal, browser } = journey;
    const step = journey.steps();
    let departure = "";
    let feedItem = "";
    let opening = "";
    let issue = "";

    await step("HR admin: dashboard, departures, a departure, import, feed review, newsletter compose, analytics, segments, settings", async () => {
      await inNewContext(browser, {}, async ({ page }) => {
        await signInWithPassword(page, portal.url, HR, "/admin");
        await page.goto(`${portal.url}/admin/openings`);
        opening = (await firstLink(page, new RegExp(`^/admin/openings/${UUID}$`))).split("/").pop()!;
        await page.goto(`${portal.url}/admin/departures`);
        departure = await firstLink(page, new RegExp(`^/admin/departures/${UUID}$`));
        await checkPages(
          page,
          "HR admin",
          ["/admin/departures", departure, "/admin", "/admin/departures/import", "/admin/feed", "/admin/newsletter/new", "/admin/analytics", "/admin/segments", "/admin/settings", "/admin/settings/privacy"],
          ["/admin", departure, "/admin/analytics", "/admin/segments"],
        );
      });
    });

    await step("task owner: the task inbox and its preferences", async () => {
      await inNewContext(browser, {}, async ({ page }) => {
        await signInWithPassword(page, portal.url, IT, "/tasks");
        await checkPages(page, "task owner", ["/tasks", "/tasks/preferences"], ["/tasks"]);
      });
    });

    await step("alumnus: home and share feed, newsletter archive and an issue, a share page, preferences, profile, directory, data", async () => {
      await inNewContext(browser, {}, async ({ page }) => {
        await signInWithMagicLink(page, portal, ALEX, "/alumni");
        feedItem = (await firstLink(page, /^\/alumni\/share\/[^/]+$/)).split("/").pop()!;
        await page.goto(`${portal.url}/alumni/newsletter`);
        issue = (await firstLink(page, new RegExp(`^/alumni/newsletter/${UUID}$`))).split("/").pop()!;
        await checkPages(
          page,
          "alumnus",
          ["/alumni/newsletter", `/alumni/newsletter/${issue}`, `/alumni/share/${feedItem}`, "/alumni", "/alumni/preferences", "/alumni/profile", "/alumni/directory", "/alumni/data"],
          ["/alumni", "/alumni/newsletter"],
        );
      });
    });

    await step("leaver: the emailed link's page, the welcome page and the survey's first page", async () => {
      const invitation = await portal.fakeResend.waitForEmail(SAM, { timeoutMs: 20_000 });
      const link = portal.fakeResend.linksIn(invitation).find((href) => href.includes("/exit/link/"));
      expect(link, "Sam's demo invitation carries an /exit/link/ link").toBeDefined();
      await inNewContext(browser, {}, async ({ page }) => {
        await page.goto(link!);
        // Nobody is signed in yet: the page speaks the browser's language. Sam's flow is in French.
        await expectVisible(page.getByRole("main").getByRole("heading", { level: 1, name: enExit.link.title }));
        await expectNoA11yViolations(page, "the exit link's page");
        await page.getByRole("main").getByRole("button", { name: enExit.link.submit }).click();
        await expectPath(page, "/exit");
        await expectVisible(page.getByRole("main").getByRole("heading", { level: 1, name: frExit.welcome.title }));
        await checkPages(page, "leaver", ["/exit", "/exit/survey/1"], ["/exit/survey/1"]);
      });
    });

    await step("anonymous: sign-in pages, a public feed item, an opening, the unsubscribe page", async () => {
      const alexId = await portal.userIdOf(ALEX);
      const unsubscribe = `/unsubscribe/${unsubscribeToken({ issueId: issue, userId: alexId! })}`;
      await inNewContext(browser, {}, async ({ page }) => {
        await checkPages(page, "anonymous", ["/login", "/login/link", `/feed/${feedItem}`, `/openings/${opening}`, unsubscribe], [`/feed/${feedItem}`]);
      });
    });

    await step("without JavaScript: the sign-in page and HR's departures, as the server sends them", async () => {
      await inNewContext(browser, { javaScriptEnabled: false }, async ({ page }) => {
        await checkPages(page, "anonymous without JavaScript", ["/login"]);
        await page.goto(`${portal.url}/login`);
        await page.getByRole("main").getByLabel(enAuth.login.email).fill(HR.email);
        await page.getByRole("main").getByLabel(enAuth.login.password, { exact: true }).fill(HR.password);
        await page.getByRole("main").getByRole("button", { name: enAuth.login.submit }).click();
        await expectPath(page, "/admin");
        await checkPages(page, "HR admin without JavaScript", ["/admin/departures", departure], ["/admin/departures"]);
      });
    });
  }, 180_000);
});
