import frAlumni from "~/locales/fr/alumni.json";
import frCommon from "~/locales/fr/common.json";
import frData from "~/locales/fr/data.json";
import frNetwork from "~/locales/fr/network.json";
import frOpenings from "~/locales/fr/openings.json";
import frPreferences from "~/locales/fr/preferences.json";
import { expectNoA11yViolations } from "./support/a11y";
import { describeWithBrowser, expectVisible, saveShot } from "./support/browser";
import { useJourney } from "./support/journey";
import { signInWithMagicLink } from "./support/sign-in";

/**
 * Issue 14's alumni pages in French, in a real browser on the demo data: Nadia signs in, chooses
 * Français, and every page of the alumni home (home, choices, profile, directory, openings, her
 * data, the account deletion page) shows its French title and French sections, passes axe, and
 * fits a 375 px phone. Nothing is submitted: other journeys share the demo portal.
 */

const NADIA = "nadia.alumni@example.net";

const PAGES = [
  { path: "/alumni", title: frCommon.alumniHome.title, also: frNetwork.home.directoryTitle },
  { path: "/alumni/preferences", title: frAlumni.preferences.title, also: frPreferences.frequency.title },
  { path: "/alumni/profile", title: frNetwork.profile.title, also: null },
  { path: "/alumni/directory", title: frNetwork.directory.title, also: null },
  { path: "/alumni/openings", title: frOpenings.page.title, also: frOpenings.boomerang.title },
  { path: "/alumni/data", title: frData.page.title, also: frData.page.downloadTitle },
  { path: "/alumni/data/delete", title: frAlumni.dataDelete.title, also: frAlumni.dataDelete.goesTitle },
] as const;

describeWithBrowser("the alumni pages in French", () => {
  const journey = useJourney();

  it("show French titles and sections on every page of the alumni home, accessible, on a desktop and a phone", async () => {
    const { portal, browser } = journey;
    const { page } = browser;
    const step = journey.steps();

    await step("Nadia signs in and chooses French", async () => {
      await signInWithMagicLink(page, portal, NADIA, "/alumni");
      await page.getByRole("button", { name: "Français" }).first().click();
      await expectVisible(page.getByRole("heading", { level: 1, name: frCommon.alumniHome.title }));
    });

    for (const { path, title, also } of PAGES) {
      await step(`${path} is in French`, async () => {
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(`${portal.url}${path}`);
        await expectVisible(page.getByRole("heading", { level: 1, name: title }));
        if (also) await expectVisible(page.getByRole("heading", { name: also }).first());
        await expect(page.locator("html").getAttribute("lang")).resolves.toBe("fr");
        await expectNoA11yViolations(page, `${path} in French`);
        await saveShot(page, `fr ${path} 1280`);
        await page.setViewportSize({ width: 375, height: 812 });
        // Nothing wider than the phone: a page that scrolls sideways has a layout bug.
        await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(375);
        await saveShot(page, `fr ${path} 375`);
      });
    }
  }, 120_000);
});
