import enFeeds from "~/locales/en/feeds.json";
import { expectNoA11yViolations } from "./support/a11y";
import { describeWithBrowser, expectPath, expectVisible } from "./support/browser";
import { useJourney } from "./support/journey";
import { signInWithPassword } from "./support/sign-in";

/**
 * HR's share analytics in a real browser, on the demo data (three alumni shared the company post):
 * HR opens them from the review queue, changes the period, follows the link to the rates, sees a
 * wrong amount refused beside its field, and saves new rates.
 */

const HR = { email: "hr@example.com", password: "demo-password" };

describeWithBrowser("share analytics in the browser", () => {
  const journey = useJourney();

  it("shows the shares, the advocates and the earned media value, and lets HR change the rates", async () => {
    const { portal, browser } = journey;
    const { page, errors } = browser;
    const step = journey.steps();

    await step("HR opens the analytics from the review queue and changes the period", async () => {
      await signInWithPassword(page, portal.url, HR, "/admin");
      await page.goto(`${portal.url}/admin/feed`);
      await page.getByRole("link", { name: enFeeds.review.analyticsLink }).click();
      await expectPath(page, "/admin/feed/analytics");
      await expectVisible(page.getByRole("heading", { name: enFeeds.analytics.title, level: 1 }));
      await expectVisible(page.getByRole("rowheader", { name: "Nadia Haddad" }));
      await expectNoA11yViolations(page, "the share analytics");
      await page.getByLabel(enFeeds.analytics.period).selectOption("7");
      await page.getByRole("button", { name: enFeeds.analytics.show }).click();
      await expectPath(page, /^\/admin\/feed\/analytics\?days=7$/);
      await expectVisible(page.getByText("over the last 7 days"));
    });

    await step("the rates: a wrong amount is refused beside its field, then new rates are saved", async () => {
      await page.getByRole("link", { name: enFeeds.analytics.emvRatesLink }).click();
      await expectPath(page, "/admin/settings/advocacy");
      await expectNoA11yViolations(page, "the points and media value settings");
      errors.allow(/status of 400\b/);
      await page.getByLabel(enFeeds.advocacySettings.fields.cpc).fill("1.234");
      await page.getByRole("button", { name: enFeeds.advocacySettings.save }).click();
      await expectVisible(page.getByText(/The cost per click must be an amount/));
      await page.getByLabel(enFeeds.advocacySettings.fields.cpc).fill("2.50");
      await page.getByRole("button", { name: enFeeds.advocacySettings.save }).click();
      await expectPath(page, /^\/admin\/settings\/advocacy\?notice=saved$/);
      await expectVisible(page.getByText(enFeeds.advocacySettings.saved));
      await page.goto(`${portal.url}/admin/feed/analytics`);
      await expectVisible(page.getByText(/visits × €2\.50 per visit/));
    });
  });
});
