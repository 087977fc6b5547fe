import type { Page } from "playwright-core";
import enCommon from "~/locales/en/common.json";
import enExit from "~/locales/en/exit.json";
import frExit from "~/locales/fr/exit.json";
import { translator } from "~/modules/i18n/translator";
import { getEnv } from "~/utils/env.server";
import { expectNoA11yViolations } from "./support/a11y";
import { describeWithBrowser, expectPath, expectVisible, holdPageScripts, inNewContext, launchBrowser, screenshotOnFailure, type BrowserSession } from "./support/browser";
import { acquirePortal, type RunningPortal } from "./support/portal";
import { signInWithPassword } from "./support/sign-in";

/**
 * Every touch target of the main pages of each role is at least 44 × 44 CSS px on a 375 px wide
 * phone (WCAG 2.5.5, issue 9: the eNPS boxes were 27 px wide, HR's menu took four rows). Measured
 * from the bounding boxes the browser lays out, on the pages as each role reaches them.
 *
 * What counts, following WCAG 2.5.8's definition of a target and its exceptions:
 * - a checkbox or radio button counts with its label, since pressing the label operates it;
 * - a link inside running text is exempt ("Inline: the target is in a sentence or its size is
 *   otherwise constrained by the line-height of non-target text"): an inline link whose block holds
 *   other text than the link's own;
 * - what is not displayed is not a target (a closed <details>' content, a skip link off screen).
 */

const PHONE = { width: 375, height: 740 };
const MIN = 44;
const HR = { email: "hr@example.com", password: "demo-password" };
const IT = { email: "it@example.com", password: "demo-password" };
/** The demo leaver, whose account is in French. */
const SAM = "sam.leaver@example.com";
const FR_INVITATION = translator("fr", "email")("exitInvitation.subject", { company: getEnv().COMPANY_NAME });

interface SmallTarget {
  what: string;
  width: number;
  height: number;
}

/** The page's displayed targets smaller than 44 × 44 px, described so that a failure names them. */
function smallTargets(page: Page): Promise<SmallTarget[]> {
  return page.evaluate((min) => {
    const isInlineInText = (element: Element) => {
      if (element.tagName !== "A" || getComputedStyle(element).display !== "inline") return false;
      let block = element.parentElement;
      while (block && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
      const own = (element.textContent ?? "").trim();
      return Boolean(block) && (block!.textContent ?? "").trim() !== own;
    };
    const found: SmallTarget[] = [];
    for (const element of document.querySelectorAll<HTMLElement>("a[href], button, input:not([type=hidden]), select, textarea, summary")) {
      if (!element.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true })) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || box.bottom + window.scrollY <= 0) continue;
      if (isInlineInText(element)) continue;
      const boxes = [box];
      if (element instanceof HTMLInputElement && (element.type === "checkbox" || element.type === "radio")) {
        for (const label of element.labels ?? []) boxes.push(label.getBoundingClientRect());
      }
      if (boxes.some((candidate) => candidate.width >= min && candidate.height >= min)) continue;
      const name = (element.getAttribute("aria-label") || element.textContent?.trim() || element.getAttribute("name") || "").trim().replace(/\s+/g, " ");
      found.push({ what: `<${element.tagName.toLowerCase()}> “${name.slice(0, 40)}”`, width: Math.round(box.width), height: Math.round(box.height) });
    }
    return found;
  }, MIN);
}

async function expectTouchTargets(page: Page, where: string) {
  expect(await smallTargets(page), `targets under ${MIN} × ${MIN} px on ${where} (${page.url()})`).toEqual([]);
}

/** The eNPS scale reads as a scale on a phone: 0–5 on one row, 6–10 on the next, 10 under 5's right edge. */
async function expectScaleInTwoRows(page: Page) {
  const boxes = await page.locator(".exit-scale--11 .exit-scale__option label").evaluateAll((labels) =>
    labels.map((label) => {
      const box = label.getBoundingClientRect();
      return { text: label.textContent, top: Math.round(box.top), left: Math.round(box.left), right: Math.round(box.right) };
    }),
  );
  expect(boxes.map((box) => box.text)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
  const [first, second] = [boxes.slice(0, 6), boxes.slice(6)];
  expect(new Set(first.map((box) => box.top)).size).toBe(1);
  expect(new Set(second.map((box) => box.top)).size).toBe(1);
  expect(second[0]!.top).toBeGreaterThan(first[0]!.top);
  expect(second.at(-1)!.right).toBe(first.at(-1)!.right);
}

describeWithBrowser("touch targets on a 375 px phone", () => {
  let portal: RunningPortal;
  let browser: BrowserSession;
  let shown: Page | undefined;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([acquirePortal(), launchBrowser({ viewport: PHONE })]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(() => {
    browser?.errors.assertClean();
    const serverErrors = portal?.takeServerErrors() ?? [];
    if (serverErrors.length > 0) throw new Error(`The portal logged errors:\n${serverErrors.join("\n")}`);
  });

  screenshotOnFailure(() => shown);

  it("are 44 px on the sign-in page, HR's departures and departure pages, and in HR's folded menu", async () => {
    const page = browser.page;
    shown = page;
    await page.goto(`${portal.url}/login`);
    await expectTouchTargets(page, "the sign-in page");

    await signInWithPassword(page, portal.url, HR, "/admin");
    await page.goto(`${portal.url}/admin/departures`);
    await expectTouchTargets(page, "the departures list");
    await page.getByRole("main").getByRole("link", { name: "Sam Leclerc" }).click();
    await expectPath(page, /^\/admin\/departures\/[0-9a-f-]{36}$/);
    // The address changes before React renders the new page (Remix renders navigations in a
    // transition): measuring or opening the menu before would act on the list, and the menu opened
    // there is closed when the departure's page arrives. Wait for the page itself.
    await expectVisible(page.getByRole("heading", { level: 1, name: "Sam Leclerc" }));
    await expectTouchTargets(page, "a departure's page");

    const menu = page.getByRole("navigation", { name: enCommon.nav.mainNavigation });
    await menu.getByText(enCommon.nav.menu, { exact: true }).click();
    await expectVisible(menu.getByRole("link", { name: enCommon.nav.settings }));
    await expectTouchTargets(page, "a departure's page with the menu open");
  });

  it("are 44 px in a task owner's inbox", async () => {
    await inNewContext(browser, { viewport: PHONE }, async ({ page }) => {
      shown = page;
      await signInWithPassword(page, portal.url, IT, "/tasks");
      await expectTouchTargets(page, "the task inbox");
    });
  });

  it("are 44 px on every page of the exit survey, the eNPS scale included, and on the alumni step", async () => {
    const invitation = await portal.fakeResend.waitForEmail(SAM, { timeoutMs: 30_000, subject: FR_INVITATION });
    const link = portal.fakeResend.linksIn(invitation).find((href) => href.includes("/exit/link/"))!;
    await inNewContext(browser, { viewport: PHONE }, async ({ page }) => {
      shown = page;
      await page.goto(link);
      // The link's page speaks the browser's language; once signed in, Sam's pages are in French.
      await page.getByRole("main").getByRole("button", { name: enExit.link.submit }).click();
      await expectPath(page, "/exit");
      await page.getByRole("main").getByRole("link", { name: frExit.welcome.start }).click();
      let sawScale = false;
      for (let step = 1; step <= 10 && !new URL(page.url()).pathname.startsWith("/exit/alumni"); step += 1) {
        await expectPath(page, /^\/exit\/survey\/\d+$/);
        // The page's own content, not the last one's: its progress label starts with its number.
        const number = new URL(page.url()).pathname.split("/").pop();
        await expectVisible(page.locator(".exit-progress__label", { hasText: new RegExp(`^\\D*${number}\\b`) }));
        if ((await page.locator(".exit-scale--11").count()) > 0) {
          sawScale = true;
          await expectScaleInTwoRows(page);
        }
        await expectTouchTargets(page, `survey page ${new URL(page.url()).pathname}`);
        // The first choice of every question, and a word in every text box: enough to go on.
        for (const group of await page.getByRole("main").locator("fieldset").all()) await group.locator("input").first().check();
        for (const box of await page.getByRole("main").locator("textarea").all()) await box.fill("Rien à ajouter.");
        const from = page.url();
        await page.getByRole("main").locator('button[name="intent"]:not([value="back"])').click();
        await page.waitForURL((url) => url.href !== from);
      }
      expect(sawScale, "the survey had an eNPS question").toBe(true);
      await expectPath(page, "/exit/alumni");
      await expectTouchTargets(page, "the alumni step");
    });
  });

  it("folds HR's navigation behind a menu button that works without JavaScript", async () => {
    await inNewContext(browser, { viewport: PHONE, javaScriptEnabled: false }, async ({ page }) => {
      shown = page;
      await signInWithPassword(page, portal.url, HR, "/admin");
      const menu = page.getByRole("navigation", { name: enCommon.nav.mainNavigation });
      // Folded: one row of the screen for the brand and the button, one for the language and sign-out.
      const header = await page.locator(".site-header").boundingBox();
      expect(header!.height).toBeLessThan(130);
      expect(await menu.getByRole("link", { name: enCommon.nav.settings }).isVisible()).toBe(false);
      await menu.getByText(enCommon.nav.menu, { exact: true }).click();
      await menu.getByRole("link", { name: enCommon.nav.settings }).click();
      await expectPath(page, "/admin/settings");
    });
  });

  it("keeps the menu open that was opened before the page's JavaScript arrived, and says it is open", async () => {
    await inNewContext(browser, { viewport: PHONE }, async ({ page }) => {
      shown = page;
      await signInWithPassword(page, portal.url, HR, "/admin");
      // Hold the page's scripts back: a slow phone shows the server's HTML well before it hydrates.
      const { release } = await holdPageScripts(page);
      await page.goto(`${portal.url}/admin/departures`, { waitUntil: "commit" });
      const menu = page.getByRole("navigation", { name: enCommon.nav.mainNavigation });
      const button = page.locator(".site-menu__button");
      await menu.getByText(enCommon.nav.menu, { exact: true }).click();
      await expectVisible(menu.getByRole("link", { name: enCommon.nav.settings }));
      expect(await button.getAttribute("aria-expanded")).toBeNull();

      release();
      // Hydrated: the button now says whether it is expanded, and the menu is still open.
      await expect.poll(() => button.getAttribute("aria-expanded"), { timeout: 15_000 }).toBe("true");
      expect(await menu.getByRole("link", { name: enCommon.nav.settings }).isVisible()).toBe(true);
    });
  });

  it("says whether the menu is open, closes it with Escape and gives the focus back to its button", async () => {
    await inNewContext(browser, { viewport: PHONE }, async ({ page }) => {
      shown = page;
      await signInWithPassword(page, portal.url, HR, "/admin");
      const button = page.locator(".site-menu__button");
      await expect.poll(() => button.getAttribute("aria-expanded")).toBe("false");
      await button.focus();
      await page.keyboard.press("Enter");
      await expect.poll(() => button.getAttribute("aria-expanded")).toBe("true");
      await expectNoA11yViolations(page, "HR's home with the menu open (English phone)");
      // The menu's links come next in the focus order.
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.closest(".site-menu__list") !== null)).toBe(true);
      await page.keyboard.press("Escape");
      await expect.poll(() => button.getAttribute("aria-expanded")).toBe("false");
      expect(await page.evaluate(() => document.activeElement?.classList.contains("site-menu__button"))).toBe(true);
      // A page reached through the menu opens with the menu closed.
      await page.keyboard.press("Enter");
      await page.getByRole("navigation").getByRole("link", { name: enCommon.nav.departures }).click();
      await expectPath(page, "/admin/departures");
      await expect.poll(() => button.getAttribute("aria-expanded")).toBe("false");
    });
  });
});
