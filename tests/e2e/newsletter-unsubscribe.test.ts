import { randomUUID } from "node:crypto";
import enDeliverability from "~/locales/en/deliverability.json";
import { unsubscribeToken } from "~/modules/newsletter/signed-links.server";
import { expectNoA11yViolations } from "./support/a11y";
import { describeWithBrowser, expectPath, expectVisible, inNewContext, saveShot } from "./support/browser";
import { useJourney } from "./support/journey";
import { signInWithPassword } from "./support/sign-in";

/**
 * An alumnus leaves the newsletter from the link in its footer, in a real browser, on the demo data
 * (Alex, subscribed): opening the link changes nothing, the button unsubscribes, and HR then finds
 * the address on the suppressions page with its reason.
 */

const HR = { email: "hr@example.com", password: "demo-password" };
const ALEX = "alex.alumni@example.net";
const t = enDeliverability;

describeWithBrowser("leaving the newsletter in the browser", () => {
  const journey = useJourney();

  it("the link shows a page, the button unsubscribes, and HR sees why the address is suppressed", async () => {
    const { portal, browser } = journey;
    const { page } = browser;
    const step = journey.steps();
    const alexId = await portal.userIdOf(ALEX);
    if (!alexId) throw new Error(`The demo data has no ${ALEX}`);
    // The issue the link came from may be gone (this one never existed): the unsubscribe still counts.
    const link = `${portal.url}/unsubscribe/${unsubscribeToken({ issueId: randomUUID(), userId: alexId })}`;

    async function hrLooksUp(expectation: (hrPage: typeof page) => Promise<void>) {
      await inNewContext(browser, {}, async ({ page: hrPage }) => {
        await signInWithPassword(hrPage, portal.url, HR, "/admin");
        await hrPage.goto(`${portal.url}/admin/newsletter/suppressions`);
        await hrPage.getByLabel(t.suppressions.searchLabel).fill(ALEX);
        await hrPage.getByRole("button", { name: t.suppressions.search }).click();
        await expectPath(hrPage, /^\/admin\/newsletter\/suppressions\?email=/);
        await expectation(hrPage);
      });
    }

    await step("Alex opens the link: a page with his masked address and a button, and nothing changes", async () => {
      await page.goto(link);
      await expectVisible(page.getByRole("heading", { name: t.unsubscribe.title, level: 1 }));
      await expectVisible(page.getByText("a•••i@e•••.net"));
      await expectVisible(page.getByRole("link", { name: t.unsubscribe.preferencesLink }));
      await expectNoA11yViolations(page, "the unsubscribe page");
      await saveShot(page, "unsubscribe-page");
      await hrLooksUp(async (hrPage) => {
        await expectVisible(hrPage.getByText(t.suppressions.notSuppressed.replace("{{email}}", ALEX)));
      });
    });

    await step("Alex presses the button and sees the confirmation", async () => {
      await page.getByRole("button", { name: t.unsubscribe.submit }).click();
      await expectVisible(page.getByRole("heading", { name: t.unsubscribe.doneTitle, level: 1 }));
      await expectVisible(page.getByText(t.unsubscribe.done.replace("{{email}}", "a•••i@e•••.net")));
      await expectNoA11yViolations(page, "the unsubscribe confirmation");
      await saveShot(page, "unsubscribe-done");
    });

    await step("HR finds the address on the suppressions page, with the reason and the note on lifting", async () => {
      await hrLooksUp(async (hrPage) => {
        await expectVisible(hrPage.getByText(t.suppressions.found.replace("{{email}}", ALEX)));
        await expectVisible(hrPage.getByRole("definition").filter({ hasText: t.reasons.unsubscribed }));
        await expectVisible(hrPage.getByText(t.suppressions.liftUnsubscribedNote).first());
        await expectNoA11yViolations(hrPage, "the suppressions page");
        await saveShot(hrPage, "suppressions-page");
      });
    });
  });
});
