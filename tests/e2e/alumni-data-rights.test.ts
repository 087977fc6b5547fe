import { readFile } from "node:fs/promises";
import { strFromU8, unzipSync } from "fflate";
import enAlumni from "~/locales/en/alumni.json";
import enAuth from "~/locales/en/auth.json";
import enData from "~/locales/en/data.json";
import enNetwork from "~/locales/en/network.json";
import enOpenings from "~/locales/en/openings.json";
import enPreferences from "~/locales/en/preferences.json";
import { expectNoA11yViolations } from "./support/a11y";
import { describeWithBrowser, expectPath, expectVisible, saveShot } from "./support/browser";
import { useJourney } from "./support/journey";
import { signInWithMagicLink } from "./support/sign-in";

/**
 * Issue 14's whole arc for one alumnus, in a real browser on the demo data: Chris signs in, turns on
 * news about openings and asks for one newsletter a month, lists himself in the directory, finds
 * Nadia there, says he would consider coming back, downloads his data (a ZIP whose data.json holds
 * his records), deletes his account, and can no longer sign in. Chris is the demo alumnus no other
 * journey uses: the portal is shared and he does not come back.
 */

const CHRIS = "chris.alumni@example.net";
const prefs = enAlumni.preferences;
const profile = enNetwork.profile;

describeWithBrowser("an alumnus's data rights in the browser", () => {
  const journey = useJourney();

  it("Chris changes his choices, lists himself, finds Nadia, flags boomerang interest, downloads his data, deletes his account and cannot sign in again", async () => {
    const { portal, browser } = journey;
    const { page } = browser;
    const step = journey.steps();

    await step("Chris signs in by link and lands on his home", async () => {
      await signInWithMagicLink(page, portal, CHRIS, "/alumni");
    });

    await step("he turns on news about openings and asks for one newsletter a month", async () => {
      await page.goto(`${portal.url}/alumni/preferences`);
      const purpose = enAlumni.purposes.openings.label;
      await page.getByRole("button", { name: prefs.grantLabel.replace("{{purpose}}", purpose) }).click();
      await expectVisible(page.getByText(prefs.changed));
      await expectVisible(page.getByRole("button", { name: prefs.withdrawLabel.replace("{{purpose}}", purpose) }));
      await page.getByRole("radio", { name: enPreferences.frequency.options.monthly }).check();
      await page.getByRole("button", { name: enPreferences.frequency.save }).click();
      await expectVisible(page.getByText(enPreferences.frequency.saved));
      await expect(page.getByRole("radio", { name: enPreferences.frequency.options.monthly }).isChecked()).resolves.toBe(true);
      await expectNoA11yViolations(page, "the preference centre");
      await saveShot(page, "data-rights preferences");
    });

    await step("he lists himself in the directory from his profile", async () => {
      await page.goto(`${portal.url}/alumni/profile`);
      const section = page.locator("#directory");
      await section.getByRole("button", { name: profile.list }).click();
      await expectVisible(page.getByText(profile.notices.listed));
      await expectVisible(page.getByText(profile.listedYes));
    });

    await step("he finds Nadia in the directory, and himself", async () => {
      await page.goto(`${portal.url}/alumni/directory`);
      await page.getByLabel(enNetwork.filters.name).fill("nadia");
      await page.getByRole("button", { name: enNetwork.filters.apply }).click();
      await expectPath(page, /^\/alumni\/directory\?q=nadia&/);
      await expectVisible(page.getByRole("heading", { name: "Nadia Haddad" }));
      await page.getByLabel(enNetwork.filters.name).fill("chris");
      await page.getByRole("button", { name: enNetwork.filters.apply }).click();
      await expectPath(page, /^\/alumni\/directory\?q=chris&/);
      const chris = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /Chris Okafor/ }) });
      await expectVisible(chris.getByText(enNetwork.directory.you));
      await expect(page.content()).resolves.not.toContain(CHRIS);
    });

    await step("he says he would consider coming back", async () => {
      await page.goto(`${portal.url}/alumni/openings`);
      await page.getByRole("button", { name: enOpenings.boomerang.flag }).click();
      await expectVisible(page.getByRole("button", { name: enOpenings.boomerang.withdraw }));
      await expectNoA11yViolations(page, "the openings page");
      await saveShot(page, "data-rights openings");
    });

    await step("he asks for a copy of his data and downloads the ZIP once it is ready", async () => {
      await page.goto(`${portal.url}/alumni/preferences`);
      await page.getByRole("link", { name: enData.preferencesCard.link }).click();
      await expectPath(page, "/alumni/data");
      await page.getByRole("button", { name: enData.page.request }).click();
      await expectVisible(page.getByText(enData.page.queued));
      const download = page.getByRole("link", { name: enData.page.download });
      // The worker prepares it in the background: the page shows the link once the archive exists.
      for (let attempt = 0; attempt < 30 && !(await download.isVisible()); attempt += 1) {
        await page.waitForTimeout(1_000);
        await page.reload();
      }
      await expectNoA11yViolations(page, "the Your data page");
      await saveShot(page, "data-rights your-data");
      const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
      const archive = unzipSync(new Uint8Array(await readFile(await file.path())));
      const document = strFromU8(archive["data.json"]!);
      expect(document).toContain(CHRIS);
      expect(document).toContain("Chris Okafor");
      expect(Object.keys(archive).filter((name) => name.endsWith(".csv")).length).toBeGreaterThan(1);
    });

    await step("he deletes his account: signed out, told his data is being erased", async () => {
      await page.getByRole("link", { name: enData.page.deleteLink }).click();
      await expectPath(page, "/alumni/data/delete");
      await page.getByRole("button", { name: enAlumni.dataDelete.submit }).click();
      // Not confirmed yet: the form says what to do and nothing happens.
      await expectVisible(page.getByText(enAlumni.dataDelete.confirmRequired).first());
      await page.getByLabel(enAlumni.dataDelete.confirmLabel).check();
      await page.getByRole("button", { name: enAlumni.dataDelete.submit }).click();
      await expectPath(page, "/data-erased");
      await expectVisible(page.getByRole("heading", { level: 1, name: enAlumni.dataErased.title }));
      await saveShot(page, "data-rights erased");
    });

    await step("he can no longer sign in: his pages send him to sign-in, and asking for a link sends nothing", async () => {
      await page.goto(`${portal.url}/alumni`);
      await expectPath(page, /^\/login/);
      const signInLinks = () => portal.fakeResend.received.filter((email) => email.to.includes(CHRIS) && /sign-in link/i.test(email.subject));
      const before = signInLinks().length;
      await page.goto(`${portal.url}/login/link`);
      await page.getByRole("main").getByLabel(enAuth.link.email).fill(CHRIS);
      await page.getByRole("main").getByRole("button", { name: enAuth.link.submit }).click();
      // The same answer as for any address (no account enumeration)…
      await expectVisible(page.getByRole("main").getByRole("heading", { name: enAuth.link.sentTitle }));
      // …but no link goes out: a link takes a second or two through the queue; give it eight.
      await page.waitForTimeout(8_000);
      expect(signInLinks()).toHaveLength(before);
    });
  }, 150_000);
});
