import type { BrowserContext, Page } from "playwright-core";

/**
 * What the browser reports going wrong on the pages a journey visits: console errors and uncaught
 * errors of every page of a context. A journey fails on any of them (see describeWithBrowser), so a
 * page that renders on the server but breaks in the browser cannot pass unnoticed.
 *
 * React reports a hydration mismatch (the browser rendered other text than the server, e.g. a value
 * that is undefined in the browser bundle) as "Minified React error #418/#423/#425" through
 * window.reportError — an uncaught error for the page — in production builds, and as
 * "Warning: Text content did not match…" on the console in development. Hydration runs after the
 * page's load event, so the log waits for the pages to settle before it is read. A hydration error
 * can never be allowed away: allow() is for a 4xx a test provokes on purpose.
 */

export interface BrowserErrorLog {
  /** Console errors and uncaught page errors since the last check. */
  readonly seen: string[];
  /** Lets errors matching `pattern` pass until the end of the current test (a 4xx it provokes on purpose). */
  allow(pattern: RegExp): void;
  /** Throws listing every error not allowed; then forgets them and the allowances. */
  assertClean(): void;
  /** Waits until the context's pages have finished hydrating, then does as assertClean. */
  settleAndAssertClean(): Promise<void>;
}

/** Errors no allowance lets through: the browser rendered something else than the server. */
const HYDRATION_ERROR = /Minified React error #(418|419|421|422|423|425)\b|did not match|hydrat/i;

const watched = new Set<BrowserErrorLog>();

/**
 * Waits for the pages of every browser context still open to settle, then throws listing the errors
 * they reported (what describeWithBrowser runs after each test); forgets them either way.
 */
export async function assertOpenBrowsersClean(): Promise<void> {
  const failures: string[] = [];
  for (const log of watched) {
    await log.settleAndAssertClean().catch((error: Error) => failures.push(error.message));
  }
  if (failures.length > 0) throw new Error(failures.join("\n"));
}

/**
 * Starts recording the console errors and uncaught errors of every page the context has or opens.
 * Call `stop()` when the context closes.
 */
export function watchBrowserErrors(context: BrowserContext, options: { javaScriptEnabled: boolean }): BrowserErrorLog & { stop(): void } {
  const seen: string[] = [];
  let allowed: RegExp[] = [];
  const record = (line: string) => seen.push(line);
  const watch = (page: Page) => {
    page.on("console", (message) => {
      if (message.type() === "error") {
        const where = message.location().url;
        record(`console.error on ${page.url()}: ${message.text()}${where ? ` (${where})` : ""}`);
      }
    });
    page.on("pageerror", (error) => record(`uncaught error on ${page.url()}: ${error.stack ?? error.message}`));
  };
  context.pages().forEach(watch);
  context.on("page", watch);

  const log: BrowserErrorLog & { stop(): void } = {
    seen,
    allow(pattern) {
      allowed.push(pattern);
    },
    assertClean() {
      const unexpected = seen.filter((line) => HYDRATION_ERROR.test(line) || !allowed.some((pattern) => pattern.test(line)));
      seen.length = 0;
      allowed = [];
      if (unexpected.length > 0) {
        throw new Error(`The browser reported unexpected errors:\n${unexpected.map((l) => `  - ${l}`).join("\n")}`);
      }
    },
    async settleAndAssertClean() {
      if (options.javaScriptEnabled) await Promise.all(context.pages().map(settle));
      log.assertClean();
    },
    stop() {
      watched.delete(log);
    },
  };
  watched.add(log);
  return log;
}

/**
 * Waits until the page has hydrated: its load event; on a Remix page (module scripts), the router
 * that RemixBrowser creates when hydration starts (its entry module may load after the load event);
 * then two idle periods of the main thread, which come only once React's scheduler has no task left,
 * so after the commit that reports a mismatch. Only for pages that run JavaScript (a page without
 * never runs the promise this waits on).
 */
async function settle(page: Page) {
  if (page.isClosed()) return;
  try {
    await page.waitForLoadState("load", { timeout: 5_000 });
    await page.waitForFunction(() => !document.querySelector('script[type="module"]') || "__remixRouter" in window, undefined, { timeout: 5_000 });
    await page.evaluate(
      () =>
        new Promise<void>((done) => {
          const idle = (then: () => void) => requestIdleCallback(then, { timeout: 1_000 });
          idle(() => idle(done));
        }),
    );
  } catch {
    // Navigated or closed meanwhile: its errors, if any, are already recorded.
  }
}
