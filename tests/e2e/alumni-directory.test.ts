import type { Page } from "playwright-core";
import enCommon from "~/locales/en/common.json";
import enNetwork from "~/locales/en/network.json";
import { expectNoA11yViolations } from "./support/a11y";
import { describeWithBrowser, expectPath, expectVisible, saveShot } from "./support/browser";
import { useJourney } from "./support/journey";
import { signInWithMagicLink } from "./support/sign-in";

/**
 * Issue 14's profile and directory in a real browser, on the demo data: Alex signs in, sees the
 * pulse question waiting on his home, edits his profile, makes sure he is listed with his company
 * shown, and finds Nadia in the directory by part of her name. The shared demo portal may have
 * seen this journey before, so every step reaches a state rather than toggling one.
 */

const ALEX = "alex.alumni@example.net";
const p = enNetwork.profile;
const d = enNetwork.directory;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };

async function shots(page: Page, name: string) {
  for (const [label, size] of [["1280", DESKTOP], ["375", PHONE]] as const) {
    await page.setViewportSize(size);
    await saveShot(page, `${name} ${label}`);
  }
  await page.setViewportSize(DESKTOP);
}

describeWithBrowser("the alumni profile and directory in the browser", () => {
  const journey = useJourney();

  it("Alex edits his profile, lists himself with his company shown, and finds another alumnus by name", async () => {
    const { portal, browser } = journey;
    const { page } = browser;
    const step = journey.steps();
    await page.setViewportSize(DESKTOP);

    await step("Alex signs in and his home shows the pulse question waiting for him", async () => {
      await signInWithMagicLink(page, portal, ALEX, "/alumni");
      await expectVisible(page.getByRole("heading", { name: enNetwork.home.pulseTitle }));
      await expectVisible(page.getByRole("heading", { name: enNetwork.home.newsletterTitle }));
      await shots(page, "alumni home");
    });

    await step("from his choices he opens his profile and changes his job title", async () => {
      await page.goto(`${portal.url}/alumni/preferences`);
      await page.getByRole("link", { name: enNetwork.preferencesCard.link }).click();
      await expectPath(page, "/alumni/profile");
      await page.getByRole("textbox", { name: p.jobTitle }).fill("Senior product manager");
      await page.getByRole("textbox", { name: p.company }).fill("Northwind Traders");
      await page.getByRole("button", { name: p.save }).click();
      await expectVisible(page.getByText(p.notices.saved));
      await expect(page.getByRole("textbox", { name: p.jobTitle }).inputValue()).resolves.toBe("Senior product manager");
      await expectNoA11yViolations(page, "the profile page");
    });

    await step("he is listed in the directory, with his company shown", async () => {
      const section = page.locator("#directory");
      if (await section.getByRole("button", { name: p.list }).isVisible()) {
        await section.getByRole("button", { name: p.list }).click();
        await expectVisible(page.getByText(p.notices.listed));
      }
      await expectVisible(page.getByText(p.listedYes));
      await page.getByRole("checkbox", { name: p.fields.company }).check();
      await page.getByRole("button", { name: p.visibilitySave }).click();
      await expectVisible(page.getByText(p.notices.visibilitySaved));
      await expect(page.getByRole("checkbox", { name: p.fields.company }).isChecked()).resolves.toBe(true);
      await shots(page, "alumni profile");
    });

    await step("in the directory he finds Nadia by part of her name, and sees his own entry as others do", async () => {
      await page.getByRole("navigation").first().getByRole("link", { name: enCommon.nav.alumniDirectory }).first().click();
      await expectPath(page, "/alumni/directory");
      await expectVisible(page.getByRole("heading", { level: 1, name: d.title }));
      await shots(page, "alumni directory");

      await page.getByLabel(enNetwork.filters.name).fill("hadd");
      await page.getByRole("button", { name: enNetwork.filters.apply }).click();
      await expectPath(page, /^\/alumni\/directory\?q=hadd&/);
      const nadia = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Nadia Haddad" }) });
      await expectVisible(nadia);
      await expectVisible(nadia.getByText("Head of partnerships at Contoso"));
      await expectVisible(nadia.getByRole("link", { name: d.linkedin }));
      // Her location is hidden from other alumni: it is not on the page.
      await expect(page.content()).resolves.not.toContain("Montréal");
      await expectNoA11yViolations(page, "the directory's search");

      await page.getByLabel(enNetwork.filters.name).fill("alex martin");
      await page.getByRole("button", { name: enNetwork.filters.apply }).click();
      const alex = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /Alex Martin/ }) });
      await expectVisible(alex.getByText(d.you));
      // His company is shown (he ticked it); his title and location are not.
      await expectVisible(alex.getByText("Northwind Traders"));
      await expect(alex.textContent()).resolves.not.toContain("Senior product manager");
      await expect(page.content()).resolves.not.toContain(ALEX);
      await shots(page, "alumni directory search");
    });
  }, 120_000);
});
