import type { Page } from "playwright-core";
import { expectNoA11yViolations, findA11yViolations } from "./support/a11y";
import { describeWithBrowser, inNewContext, launchBrowser, type BrowserSession } from "./support/browser";

/**
 * The accessibility check the browser journeys rely on: it must find real violations, say them
 * readably, and work on pages shown without JavaScript too (where axe cannot run in the page).
 */

const ORIGIN = "http://a11y-check.test";
/** A 1×1 image, inline: nothing to fetch, so nothing for the browser to log. */
const PIXEL = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";

const FLAWED = `<!doctype html><html lang="en"><head><title>Flawed</title></head><body><main>
  <h1>Flawed page</h1>
  <img src="${PIXEL}">
  <input type="text" name="nickname">
  <p style="color:#bbb;background:#fff">Pale text nobody can read</p>
</main></body></html>`;

const SOUND = `<!doctype html><html lang="en"><head><title>Sound</title></head><body><main>
  <h1>Sound page</h1>
  <img src="${PIXEL}" alt="A chart of departures per month">
  <label for="nickname">Nickname</label><input id="nickname" type="text" name="nickname">
  <p>Dark text on white.</p>
</main></body></html>`;

/** Serves `html` at ORIGIN/path in this page (no server needed) and opens it. */
async function show(page: Page, path: string, html: string) {
  await page.route(`${ORIGIN}${path}`, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
  await page.goto(`${ORIGIN}${path}`);
}

describeWithBrowser("the accessibility check of the browser journeys", () => {
  let browser: BrowserSession;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("fails with every WCAG violation named: the rule, its impact, what to do and the element", async () => {
    const page = browser.page;
    await show(page, "/flawed", FLAWED);

    const failure = await expectNoA11yViolations(page, "the flawed test page").then(
      () => null,
      (error: Error) => error,
    );

    expect(failure).toBeInstanceOf(Error);
    const message = failure!.message;
    expect(message).toContain(`on the flawed test page (${ORIGIN}/flawed)`);
    for (const rule of ["image-alt", "label", "color-contrast"]) expect(message).toMatch(new RegExp(`- ${rule} \\((critical|serious)\\): `));
    expect(message).toContain("https://dequeuniversity.com/rules/axe/");
    expect(message).toContain(`<img src="${PIXEL}">`);
  });

  it("passes a page without violations", async () => {
    const page = browser.page;
    await show(page, "/sound", SOUND);
    await expect(expectNoA11yViolations(page, "the sound test page")).resolves.toBeUndefined();
  });

  it("checks a page shown without JavaScript as the server sent it, with the same findings", async () => {
    await inNewContext(browser, { javaScriptEnabled: false, viewport: { width: 375, height: 740 } }, async ({ page }) => {
      await show(page, "/flawed", FLAWED);
      expect((await findA11yViolations(page)).map((violation) => violation.id).sort()).toEqual(["color-contrast", "image-alt", "label"]);
      // The page itself is left as it was: still open, still without scripts.
      expect(page.isClosed()).toBe(false);
      expect(await page.evaluate(() => document.title)).toBe("Flawed");

      await show(page, "/sound", SOUND);
      expect(await findA11yViolations(page)).toEqual([]);
    });
  });
});
