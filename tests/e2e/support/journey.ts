import { acquirePortal, type RunningPortal } from "./portal";
import { journeySteps, launchBrowser, screenshotOnFailure, type BrowserSession } from "./browser";

/**
 * The frame every browser journey on the shared demo portal repeats: the portal and a browser for
 * the file (started before its tests, the browser closed after), and `steps()`, whose steps fail on
 * any error the page reported and on any error the portal logged while the step ran. A failed test
 * leaves a screenshot of the page.
 */
export function useJourney() {
  let portal: RunningPortal | undefined;
  let browser: BrowserSession | undefined;
  beforeAll(async () => {
    [portal, browser] = await Promise.all([acquirePortal(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
  });
  screenshotOnFailure(() => browser?.page);

  function started() {
    if (!portal || !browser) throw new Error("The journey's portal or browser did not start: see the error of beforeAll.");
    return { portal, browser };
  }

  return {
    get portal(): RunningPortal {
      return started().portal;
    },
    get browser(): BrowserSession {
      return started().browser;
    },
    steps() {
      const running = started();
      return journeySteps(() => {
        running.browser.errors.assertClean();
        const serverErrors = running.portal.takeServerErrors();
        if (serverErrors.length > 0) throw new Error(`The portal logged errors:\n${serverErrors.join("\n")}`);
      });
    },
  };
}
