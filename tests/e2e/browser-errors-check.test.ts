import type { Page } from "playwright-core";
import { assertOpenBrowsersClean } from "./support/browser-errors";
import { describeWithBrowser, launchBrowser, type BrowserSession } from "./support/browser";

/**
 * The error check every browser journey runs after each test (describeWithBrowser): it must see an
 * error React reports after the page loaded (a hydration mismatch), a console error and an uncaught
 * error, and no allowance may let a hydration error through.
 */

const ORIGIN = "http://browser-errors-check.test";

/**
 * Serves a page whose module script, as a Remix entry does, creates the router once the page has
 * loaded, then runs `script`; and opens it.
 */
async function show(page: Page, path: string, script: string) {
  const html = `<!doctype html><html lang="en"><head><title>Check</title></head><body><main><h1>Check</h1></main>
    <script type="module">addEventListener("load", () => setTimeout(() => { window.__remixRouter = {}; ${script} }, 100));</script></body></html>`;
  await page.route(`${ORIGIN}${path}`, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
  await page.goto(`${ORIGIN}${path}`);
}

/**
 * As a Remix page hydrates: its entry starts after the load event and creates the router, then React
 * renders in 5 ms slices (MessageChannel tasks, as its scheduler does) and reports the mismatch when
 * it commits.
 */
const HYDRATION = `
  const channel = new MessageChannel();
  let slices = 0;
  channel.port1.onmessage = () => {
    const end = performance.now() + 5;
    while (performance.now() < end);
    if (++slices < 40) channel.port2.postMessage(null);
    else reportError(new Error("Minified React error #418; visit https://reactjs.org/docs/error-decoder.html?invariant=418"));
  };
  channel.port2.postMessage(null);`;

describeWithBrowser("the browser error check of the journeys", () => {
  let browser: BrowserSession;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("fails on a hydration error React reports after the page loaded, even one a test allowed", async () => {
    await show(browser.page, "/hydration", HYDRATION);
    browser.errors.allow(/React/);

    const failure = await assertOpenBrowsersClean().then(() => null, (error: Error) => error);

    expect(failure?.message).toMatch(/uncaught error on http:\/\/browser-errors-check\.test\/hydration: Error: Minified React error #418/);
    // Reported once, then forgotten: the next test starts clean.
    await expect(assertOpenBrowsersClean()).resolves.toBeUndefined();
  });

  it("fails on a console error and on an uncaught error, in every open context", async () => {
    const second = await browser.newContext();
    try {
      await show(browser.page, "/console", `console.error("Something broke")`);
      await show(second.page, "/thrown", `throw new TypeError("x is undefined")`);

      const failure = await assertOpenBrowsersClean().then(() => null, (error: Error) => error);

      expect(failure?.message).toContain("console.error on http://browser-errors-check.test/console: Something broke");
      expect(failure?.message).toContain("uncaught error on http://browser-errors-check.test/thrown: TypeError: x is undefined");
    } finally {
      await second.close();
    }
  });

  it("lets through an error the test allowed on purpose (a refused form's 4xx)", async () => {
    await show(browser.page, "/allowed", `console.error("Failed to load resource: the server responded with a status of 400 (Bad Request)")`);
    browser.errors.allow(/status of 400\b/);

    await expect(assertOpenBrowsersClean()).resolves.toBeUndefined();
  });
});
