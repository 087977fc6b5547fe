import type { Page } from "playwright-core";
import enAuth from "~/locales/en/auth.json";
import enCommon from "~/locales/en/common.json";
import frCommon from "~/locales/fr/common.json";
import {
  describeWithBrowser,
  expectPath,
  expectVisible,
  inNewContext,
  journeySteps,
  launchBrowser,
  saveShot,
  type BrowserSession,
} from "./support/browser";
import { acquirePortal, type RunningPortal } from "./support/portal";
import { signInWithPassword, submitPasswordSignIn } from "./support/sign-in";

/**
 * The foundation journey through the built portal in a real browser: staff password sign-in and its
 * throttle, an alumnus's magic link (safe from mail scanners), the language switcher, sign-out, and
 * the sign-in page on a phone with and without JavaScript. Each test opens its own browser context
 * (its own cookies) on the shared portal and sets up what it needs, so any one runs alone (`-t`);
 * the alumnus's two journeys are tests of named steps.
 */

const HR = { email: "hr@example.com", password: "demo-password" };
const TASK_OWNER_EMAIL = "it@example.com";
const ALUMNUS_EMAIL = "alex.alumni@example.net";
const PHONE = { width: 375, height: 812 };

/** A button of the header's language switcher, found by the names the page is currently shown in. */
function languageButton(target: Page, shownIn: typeof enCommon, locale: "en" | "fr") {
  return target.getByRole("group", { name: shownIn.language.label }).getByRole("button", { name: shownIn.language[locale] });
}

/** Chrome logs a failed fetch like this; Remix answers a rejected form with 400 or 429 on purpose. */
const formRejectedInConsole = (status: number) => new RegExp(`status of ${status}\\b`);

describeWithBrowser("foundation journey in the browser", () => {
  let portal: RunningPortal;
  let browser: BrowserSession;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([acquirePortal(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(() => {
    // Undefined only when beforeAll failed, which vitest already reports.
    assertNoServerErrors();
  });

  function assertNoServerErrors() {
    const serverErrors = portal?.takeServerErrors() ?? [];
    if (serverErrors.length > 0) throw new Error(`The portal logged errors:\n${serverErrors.join("\n")}`);
  }

  function main(page: Page) {
    return page.getByRole("main");
  }

  /** Asks for a sign-in link on /login/link as the alumnus and returns the link from the email. */
  async function requestMagicLink(page: Page): Promise<string> {
    portal.fakeResend.reset();
    await page.goto(`${portal.url}/login/link`);
    await main(page).getByLabel(enAuth.link.email).fill(ALUMNUS_EMAIL);
    await main(page).getByRole("button", { name: enAuth.link.submit }).click();
    await expectVisible(main(page).getByRole("heading", { name: enAuth.link.sentTitle }));
    const email = await portal.fakeResend.waitForEmail(ALUMNUS_EMAIL, { timeoutMs: 20_000 });
    const link = portal.fakeResend.linksIn(email).find((href) => href.includes("/login/magic/"));
    expect(link, `no /login/magic/ link in the email: ${portal.fakeResend.linksIn(email).join(", ")}`).toBeDefined();
    expect(link!.startsWith(`${portal.url}/login/magic/`)).toBe(true);
    return link!;
  }

  it("signs the HR admin in with email and password and lands on the admin home", async () => {
    await inNewContext(browser, {}, async ({ page }) => {
      await page.goto(`${portal.url}/login`);
      await expectVisible(main(page).getByRole("heading", { level: 1, name: enAuth.login.title }));
      await submitPasswordSignIn(page, HR.email, HR.password);

      await expectPath(page, "/admin");
      await expectVisible(main(page).getByRole("heading", { level: 1, name: enCommon.adminHome.title }));
      await expectVisible(page.getByRole("button", { name: enCommon.nav.signOut }));
      await saveShot(page, "admin-home");
    });
  });

  it("signs the HR admin out from the header button", async () => {
    await inNewContext(browser, {}, async ({ page }) => {
      await signInWithPassword(page, portal.url, HR, "/admin");
      await page.getByRole("button", { name: enCommon.nav.signOut }).click();

      await expectVisible(page.getByRole("link", { name: enCommon.nav.signIn }));
      expect(await page.getByRole("button", { name: enCommon.nav.signOut }).count()).toBe(0);
      await page.goto(`${portal.url}/admin`);
      await expectPath(page, "/login");
    });
  });

  it("tells a staff member whose password is wrong that the email or password is not right", async () => {
    await inNewContext(browser, {}, async ({ page, errors }) => {
      errors.allow(formRejectedInConsole(400));
      await page.goto(`${portal.url}/login`);
      await submitPasswordSignIn(page, HR.email, "not-the-password");

      // In an alert above the form, so a screen reader announces it.
      await expectVisible(main(page).getByRole("alert").filter({ hasText: enAuth.errors.invalidCredentials }));
      await expectPath(page, "/login");
      // What was typed stays, so the person only retypes the password.
      expect(await main(page).getByLabel(enAuth.login.email).inputValue()).toBe(HR.email);
    });
  });

  it("refuses a sixth wrong password for the same address within 15 minutes and says when to try again", async () => {
    await inNewContext(browser, {}, async ({ page, errors }) => {
      errors.allow(formRejectedInConsole(400));
      errors.allow(formRejectedInConsole(429));
      await page.goto(`${portal.url}/login`);
      // The first five wrong passwords each get the ordinary answer...
      for (let attempt = 1; attempt <= 5; attempt++) {
        await submitPasswordSignIn(page, TASK_OWNER_EMAIL, `wrong-password-${attempt}`);
        await expectVisible(main(page).getByRole("alert").filter({ hasText: enAuth.errors.invalidCredentials }));
      }
      // ...the sixth is not even checked: even the right password is refused now.
      await submitPasswordSignIn(page, TASK_OWNER_EMAIL, HR.password);
      const throttled = main(page).getByRole("alert").filter({ hasText: /Too many attempts\. Try again in \d+ minutes?\./ });
      await expectVisible(throttled);
      expect(await throttled.first().innerText()).toMatch(/Try again in 1[45] minutes\./);
      await saveShot(page, "sign-in-throttled");
      await expectPath(page, "/login");
    });
  });

  it("emails an alumnus a sign-in link that a mail scanner cannot use, and that signs them in once they press Continue", async () => {
    await inNewContext(browser, {}, async ({ page, errors }) => {
      const step = journeySteps(() => {
        errors.assertClean();
        assertNoServerErrors();
      });
      let magicLink = "";

      await step("the alumnus asks for a link from the sign-in page and it arrives by email", async () => {
        await page.goto(`${portal.url}/login`);
        await main(page).getByRole("link", { name: enAuth.login.alumniLink }).click();
        await expectPath(page, "/login/link");
        magicLink = await requestMagicLink(page);
      });

      await step("a mail scanner fetching the link is signed in by nothing: it only gets a Continue button", async () => {
        const scanned = await fetch(magicLink, { redirect: "manual" });
        expect(scanned.status).toBe(200);
        expect(scanned.headers.getSetCookie().some((cookie) => /^(__Host-)?session=[^;]/.test(cookie))).toBe(false);
        const html = await scanned.text();
        expect(html).toContain(enAuth.magic.title);
        expect(html).toMatch(new RegExp(`<button[^>]*>\\s*${enAuth.magic.submit}\\s*</button>`));
      });

      await step("opening the link and pressing Continue signs the alumnus in, on the alumni home", async () => {
        await page.goto(magicLink);
        await expectVisible(main(page).getByRole("heading", { level: 1, name: enAuth.magic.title }));
        await saveShot(page, "magic-link-continue");
        await main(page).getByRole("button", { name: enAuth.magic.submit }).click();

        await expectPath(page, "/alumni");
        await expectVisible(page.getByRole("button", { name: enCommon.nav.signOut }));
        await expectVisible(main(page).getByRole("heading", { level: 1, name: enCommon.alumniHome.title }));
        await saveShot(page, "alumni-home");
      });
    });
  });

  it("keeps the language an alumnus chose: on the next page, after signing out, and when they sign in again without JavaScript", async () => {
    await inNewContext(browser, {}, async ({ page, errors }) => {
      const step = journeySteps(() => {
        errors.assertClean();
        assertNoServerErrors();
      });

      await step("the alumnus signs in with a link", async () => {
        const link = await requestMagicLink(page);
        await page.goto(link);
        await main(page).getByRole("button", { name: enAuth.magic.submit }).click();
        await expectPath(page, "/alumni");
        await expectVisible(main(page).getByRole("heading", { level: 1, name: enCommon.alumniHome.title }));
      });

      await step("the language switcher turns the page to French", async () => {
        await languageButton(page, enCommon, "fr").click();
        await page.waitForFunction(() => document.documentElement.lang === "fr");
        await expectVisible(main(page).getByRole("heading", { level: 1, name: frCommon.alumniHome.title }));
        await expectVisible(page.getByRole("button", { name: frCommon.nav.signOut }));
        await saveShot(page, "alumni-home-french");
      });

      await step("French stays on the next page", async () => {
        // A full page load, not a client-side transition: the choice was stored, not only rendered.
        await page.goto(`${portal.url}/`);
        await expectPath(page, "/alumni");
        expect(await page.evaluate(() => document.documentElement.lang)).toBe("fr");
        await expectVisible(main(page).getByRole("heading", { level: 1, name: frCommon.alumniHome.title }));
        expect(await languageButton(page, frCommon, "fr").getAttribute("aria-current")).toBe("true");
      });

      await step("the alumnus signs out, and /alumni then sends to the sign-in page", async () => {
        await page.getByRole("button", { name: frCommon.nav.signOut }).click();
        await expectVisible(page.getByRole("link", { name: frCommon.nav.signIn }));
        expect(await page.getByRole("button", { name: frCommon.nav.signOut }).count()).toBe(0);
        await page.goto(`${portal.url}/alumni`);
        await expectPath(page, "/login");
      });

      await step("signing in again by link on a phone without JavaScript shows French", async () => {
        await inNewContext(browser, { javaScriptEnabled: false, viewport: PHONE }, async ({ page: noScript }) => {
          const link = await requestMagicLink(noScript);
          await noScript.goto(link);
          await main(noScript).getByRole("button", { name: enAuth.magic.submit }).click();

          await expectPath(noScript, "/alumni");
          // A signed-in user's setting wins over the browser's language, in any browser they sign in from.
          await expectVisible(main(noScript).getByRole("heading", { level: 1, name: frCommon.alumniHome.title }));

          // Back to English (a plain form without JavaScript), as the other tests expect the alumnus.
          await languageButton(noScript, frCommon, "en").click();
          await expectVisible(main(noScript).getByRole("heading", { level: 1, name: enCommon.alumniHome.title }));
        });
      });
    });
  });

  it("fits the sign-in page on a 375 px wide phone without horizontal scrolling, in English and French", async () => {
    await inNewContext(browser, { viewport: PHONE }, async ({ page: phone }) => {
      for (const locale of ["fr", "en"] as const) {
        await phone.goto(`${portal.url}/login`);
        const shownIn = await phone.evaluate(() => document.documentElement.lang);
        if (shownIn !== locale) {
          await languageButton(phone, shownIn === "fr" ? frCommon : enCommon, locale).click();
          await phone.waitForFunction((lang) => document.documentElement.lang === lang, locale);
        }
        await expectVisible(phone.getByRole("main").getByRole("heading", { level: 1 }));
        const scrollWidth = await phone.evaluate(() => document.scrollingElement!.scrollWidth);
        expect(scrollWidth, `the ${locale} sign-in page is ${scrollWidth} px wide`).toBeLessThanOrEqual(PHONE.width);
      }
      await saveShot(phone, "phone-sign-in");
    });
  });

  it("signs a staff member in with the password form when JavaScript is turned off", async () => {
    await inNewContext(browser, { javaScriptEnabled: false, viewport: PHONE }, async ({ page: noScript }) => {
      await noScript.goto(`${portal.url}/login`);
      await submitPasswordSignIn(noScript, HR.email, HR.password);

      await expectPath(noScript, "/admin");
      await expectVisible(noScript.getByRole("main").getByRole("heading", { level: 1, name: enCommon.adminHome.title }));
      await saveShot(noScript, "phone-admin-home-no-javascript");
    });
  });
});
