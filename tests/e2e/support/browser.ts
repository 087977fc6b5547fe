import { accessSync, constants, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assertOpenBrowsersClean, watchBrowserErrors, type BrowserErrorLog } from "./browser-errors";

export type { BrowserErrorLog } from "./browser-errors";

/**
 * Debian's Chromium driven by playwright-core (no browser download). Without a browser the suites
 * are reported as skipped with the command that installs it; with REQUIRE_BROWSER=1 (CI) a missing
 * browser fails the run instead, so the journeys cannot silently stop running.
 *
 * Debian's `chromium-headless-shell` (the same Chromium without the browser's user interface layer)
 * is preferred when it is installed: the eight browser files cost about 40 % less CPU with it than
 * with the full browser in headless mode (docs/benchmarks.md, "Test suite").
 */

const HEADLESS_SHELL = "/usr/bin/chromium-headless-shell";
const FULL_CHROMIUM = "/usr/bin/chromium";
const DEFAULT_VIEWPORT = { width: 1280, height: 800 };
export const FAILURE_SCREENSHOTS_DIR = resolve("tests/.tmp/screenshots");

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const chromiumPath: string =
  process.env.CHROMIUM_PATH || (isExecutable(HEADLESS_SHELL) ? HEADLESS_SHELL : FULL_CHROMIUM);
export const browserAvailable: boolean = isExecutable(chromiumPath);
const browserRequired = process.env.REQUIRE_BROWSER === "1";

export const MISSING_BROWSER_MESSAGE =
  `Browser tests need Chromium, but there is no executable at ${chromiumPath}. ` +
  "Install it with `apt-get install -y chromium-headless-shell` (or `chromium`; Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome executable.";

/**
 * `describe` for a suite that drives the browser: skipped (with the install hint printed) when
 * Chromium is missing, or failing when REQUIRE_BROWSER=1.
 */
export function describeWithBrowser(name: string, body: () => void) {
  if (!browserAvailable && browserRequired) {
    describe(name, () => {
      it("has a Chromium browser to run in (REQUIRE_BROWSER=1)", () => {
        throw new Error(MISSING_BROWSER_MESSAGE);
      });
    });
    return;
  }
  if (!browserAvailable) console.warn(`[e2e] Skipping "${name}". ${MISSING_BROWSER_MESSAGE}`);
  describe.skipIf(!browserAvailable)(name, () => {
    // Registered before the suite's own hooks, so it runs after them (hooks run as a stack): every
    // test fails on a console error, an uncaught error or a hydration error on any page it visited,
    // in every browser context still open, once the pages have finished hydrating.
    afterEach(assertOpenBrowsersClean);
    body();
  });
}

export interface BrowserContextSession {
  context: BrowserContext;
  /** The page the context opened with. */
  page: Page;
  errors: BrowserErrorLog;
  close(): Promise<void>;
}

export interface BrowserSession extends BrowserContextSession {
  /** A further isolated context (own cookies) in the same browser, e.g. with JavaScript turned off. */
  newContext(options?: LaunchOptions): Promise<BrowserContextSession>;
}

export interface LaunchOptions {
  javaScriptEnabled?: boolean;
  viewport?: { width: number; height: number };
  /** Another browser's User-Agent: headless Chromium's says "HeadlessChrome", which isbot counts as a bot. */
  userAgent?: string;
}

const LAUNCH_ARGUMENTS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Measured together on the eight browser files: about 20 % less CPU. One renderer per site instead
  // of one per frame origin is enough for tests that visit one origin; the rest is browser services
  // a test never uses.
  "--disable-features=site-per-process,IsolateOrigins,Translate,OptimizationHints,MediaRouter",
  "--renderer-process-limit=2",
  "--disable-dev-shm-usage",
  "--disable-software-rasterizer",
];

/**
 * One Chromium process per vitest worker process, launched by the first browser test file that
 * worker runs and used by the next ones: a launch costs about 2.5 s of CPU (eight files). Files never
 * share a context (cookies, storage, cache): each opens its own, and closing the session closes
 * every context of the browser. Playwright closes the browser when the worker process ends.
 */
let workerBrowser: Promise<Browser> | undefined;

async function browserOfThisWorker(): Promise<Browser> {
  const running = workerBrowser ? await workerBrowser.catch(() => undefined) : undefined;
  if (running?.isConnected()) return running;
  workerBrowser = chromium.launch({ executablePath: chromiumPath, headless: true, args: LAUNCH_ARGUMENTS });
  workerBrowser.catch(() => (workerBrowser = undefined));
  return workerBrowser;
}

/**
 * The worker's Chromium (above) with a first context open for the test file. Further contexts (each
 * with its own cookies) open in the same process in milliseconds: a test that needs a fresh visitor,
 * a phone or JavaScript turned off does not start a browser of its own. close() closes every context
 * of the browser, so the next file finds none; the browser itself stays for it.
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<BrowserSession> {
  const browser = await browserOfThisWorker();
  const closeAllContexts = async () => {
    await Promise.all(browser.contexts().map((context) => context.close().catch(() => {})));
  };
  const openContext = async (contextOptions: LaunchOptions = {}) => {
    const context = await browser.newContext({
      javaScriptEnabled: contextOptions.javaScriptEnabled ?? true,
      viewport: contextOptions.viewport ?? DEFAULT_VIEWPORT,
      locale: "en-US",
      ...(contextOptions.userAgent ? { userAgent: contextOptions.userAgent } : {}),
    });
    // Page actions fail fast with a clear message instead of running into vitest's test timeout.
    context.setDefaultTimeout(10_000);
    context.setDefaultNavigationTimeout(15_000);
    return watchContext(context, contextOptions.javaScriptEnabled ?? true, () => context.close().catch(() => {}));
  };
  let first: BrowserContextSession;
  try {
    first = await openContext(options);
  } catch (error) {
    await closeAllContexts();
    throw error;
  }
  return {
    ...first,
    async close() {
      await first.close();
      await closeAllContexts();
    },
    newContext: openContext,
  };
}

/** Records console errors and uncaught errors of every page the context opens. */
async function watchContext(context: BrowserContext, javaScriptEnabled: boolean, close: () => Promise<void>): Promise<BrowserContextSession> {
  const errors = watchBrowserErrors(context, { javaScriptEnabled });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    errors,
    async close() {
      errors.stop();
      await close();
    },
  };
}

function fileNameFor(name: string) {
  return name.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "").slice(0, 120).toLowerCase();
}

function currentTestName(): string {
  return (expect.getState().currentTestName ?? "unnamed test").split(" > ").pop()!;
}

/** Saves what the page shows to tests/.tmp/screenshots/<test name>[-<which>].png and prints the path. */
export async function saveFailureScreenshot(page: Page, testName = currentTestName(), which?: string) {
  if (page.isClosed()) return;
  mkdirSync(FAILURE_SCREENSHOTS_DIR, { recursive: true });
  const path = join(FAILURE_SCREENSHOTS_DIR, `${fileNameFor(which ? `${testName} ${which}` : testName)}.png`);
  try {
    await page.screenshot({ path, fullPage: true, timeout: 5_000 });
    console.warn(`[e2e] screenshot of the failed test "${testName}" (${page.url()}): ${path}`);
  } catch (error) {
    console.warn(`[e2e] could not take a screenshot: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** When a test of the enclosing suite fails, saves a screenshot of the suite's main page. */
export function screenshotOnFailure(currentPage: () => Page | undefined) {
  beforeEach((context) => {
    context.onTestFailed(async () => {
      const page = currentPage();
      if (page) await saveFailureScreenshot(page, context.task.name);
    });
  });
}

/**
 * Runs `body` in a second, isolated context of the browser (e.g. JavaScript off): its errors must be
 * clean, a failure leaves a screenshot of its page, and the context is closed in every case.
 */
export async function inNewContext(
  session: BrowserSession,
  options: LaunchOptions,
  body: (context: BrowserContextSession) => Promise<void>,
) {
  const second = await session.newContext(options);
  try {
    await body(second);
    await second.errors.settleAndAssertClean();
  } catch (error) {
    await saveFailureScreenshot(second.page, currentTestName(), options.javaScriptEnabled === false ? "no-javascript" : "second-context");
    throw error;
  } finally {
    await second.close();
  }
}

/**
 * The named steps of one journey test, for a story whose steps build on each other (a person goes
 * through them in order): the test sets up all it needs, so it runs alone (`-t`). A failure names its
 * step, and `check` runs after every step (the browser's and the portal's errors), so an error
 * allowed in one step is not allowed in the next.
 */
export function journeySteps(check: () => void) {
  return async function step(name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
      check();
    } catch (error) {
      if (error instanceof Error) error.message = `Step "${name}": ${error.message}`;
      throw error;
    }
  };
}

/** Runs `body` in a new tab of the context (its errors are checked with the context's), then closes it. */
export async function inNewPage(context: BrowserContext, body: (page: Page) => Promise<void>) {
  const page = await context.newPage();
  try {
    await body(page);
  } catch (error) {
    await saveFailureScreenshot(page, currentTestName(), "new-tab");
    throw error;
  } finally {
    await page.close();
  }
}

/**
 * Saves a full-page screenshot of a page worth looking at when E2E_SHOTS_DIR is set (for a human
 * review of the layout); does nothing otherwise.
 */
export async function saveShot(page: Page, name: string) {
  const dir = process.env.E2E_SHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${fileNameFor(name)}.png`), fullPage: true });
}

/** Waits for the element to be visible; the error names what was expected and where. */
export async function expectVisible(locator: Locator, timeout = 10_000) {
  try {
    await locator.first().waitFor({ state: "visible", timeout });
  } catch {
    const page = locator.page();
    const text = (await page.locator("main").innerText().catch(() => "")).slice(0, 800);
    throw new Error(`Expected ${locator.toString()} to be visible on ${page.url()}. The main content reads:\n${text}`);
  }
}

/** Waits until the page's path (and query) matches. */
export async function expectPath(page: Page, expected: string | RegExp, timeout = 15_000) {
  const matches = (url: URL) =>
    typeof expected === "string" ? url.pathname === expected : expected.test(url.pathname + url.search);
  try {
    await page.waitForURL(matches, { timeout, waitUntil: "commit" });
  } catch {
    const text = (await page.locator("body").innerText().catch(() => "")).slice(0, 800);
    throw new Error(`Expected the browser to be at ${String(expected)}, but it is at ${page.url()}. The page reads:\n${text}`);
  }
}

/**
 * A slow phone: the page's scripts (Remix's /build/*.js) are held back until `release()`, so the
 * server's HTML is on screen, and can be used, well before it hydrates.
 */
export async function holdPageScripts(page: Page): Promise<{ release: () => void }> {
  let release!: () => void;
  const scriptsHeld = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/build\/.*\.js$/, async (route) => {
    await scriptsHeld;
    await route.continue();
  });
  return { release };
}
