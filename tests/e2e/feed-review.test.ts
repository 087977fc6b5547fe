import enCommon from "~/locales/en/common.json";
import enFeeds from "~/locales/en/feeds.json";
import { expectNoA11yViolations } from "./support/a11y";
import { describeWithBrowser, expectPath, expectVisible, inNewContext, saveShot } from "./support/browser";
import { useJourney } from "./support/journey";
import { signInWithPassword } from "./support/sign-in";

/**
 * The share feed's review queue in a real browser, on the demo data (a company post and two
 * Industry Weekly items waiting): HR approves two items at once, then opens another, is told beside
 * the X field that an X text is too long (the server's count), and rejects the item instead. A
 * visitor on a phone then opens an approved item's public page (the link a share points at).
 */

const HR = { email: "hr@example.com", password: "demo-password" };

describeWithBrowser("share feed review in the browser", () => {
  const journey = useJourney();

  it("lets HR approve items in bulk, see an X text refused beside its field, and reject an item", async () => {
    const { portal, browser } = journey;
    const { page, errors } = browser;
    const step = journey.steps();

    let approvedId = "";
    await step("HR opens the queue from the navigation and approves two items at once", async () => {
      await signInWithPassword(page, portal.url, HR, "/admin");
      await page.getByRole("navigation", { name: enCommon.nav.mainNavigation }).getByRole("link", { name: enCommon.nav.feed }).last().click();
      await expectPath(page, "/admin/feed");
      await expectVisible(page.getByRole("heading", { name: "Waiting for review (3)" }));
      await expectNoA11yViolations(page, "the review queue");
      approvedId = (await page.getByLabel("Select “How hybrid teams keep their rituals”").getAttribute("value")) ?? "";
      await page.getByLabel("Select “How hybrid teams keep their rituals”").check();
      await page.getByLabel("Select “Our 2027 graduate programme is open”").check();
      await page.getByRole("button", { name: enFeeds.review.approveSelected }).click();
      await expectVisible(page.getByText("2 items approved."));
      await expectVisible(page.getByRole("heading", { name: "Waiting for review (1)" }));
    });

    await step("an X text too long comes back beside the X field; the item is then rejected", async () => {
      await page.getByRole("link", { name: "Edit and approve “Why alumni networks are the new recruiting channel”" }).click();
      await expectPath(page, /^\/admin\/feed\/[0-9a-f-]{36}$/);
      await expectNoA11yViolations(page, "an item's review page");
      // The server answers the refused form with 400, which the browser logs.
      errors.allow(/status of 400\b/);
      await page.getByLabel(enFeeds.item.fields.xEn).fill("word ".repeat(80).trim());
      await page.getByRole("button", { name: enFeeds.item.approve }).click();
      await expectVisible(page.getByText(/The X text in English is \d+ characters long/));
      await page.getByRole("button", { name: enFeeds.item.reject }).click();
      await expectPath(page, /^\/admin\/feed\?notice=rejected/);
      await expectVisible(page.getByText("1 item rejected."));
    });

    await step("a visitor on a phone reads an approved item's public page, without signing in", async () => {
      await inNewContext(browser, { viewport: { width: 375, height: 740 } }, async ({ page: visitor }) => {
        const response = await visitor.goto(`${portal.url}/feed/${approvedId}`);
        expect(response?.status()).toBe(200);
        await expectVisible(visitor.getByRole("heading", { level: 1, name: "How hybrid teams keep their rituals" }));
        await expectVisible(visitor.getByText("Industry Weekly"));
        const readFull = visitor.getByRole("link", { name: enFeeds.public.readFull });
        await expectVisible(readFull);
        // A touch target of 44 × 44 CSS px at least (tests/e2e/touch-targets.test.ts measures the other pages).
        const box = await readFull.boundingBox();
        expect(Math.min(box?.width ?? 0, box?.height ?? 0)).toBeGreaterThanOrEqual(44);
        expect(await visitor.getByRole("navigation", { name: enCommon.nav.mainNavigation }).count()).toBe(0);
        await expectNoA11yViolations(visitor, "a feed item's public page");
        await saveShot(visitor, "public feed item, phone");
      });
    });

    await step("the sources page and the company post form pass the accessibility check", async () => {
      await page.goto(`${portal.url}/admin/feed/sources`);
      await expectVisible(page.getByRole("heading", { name: "Industry Weekly" }));
      await expectNoA11yViolations(page, "the sources page");
      await page.goto(`${portal.url}/admin/feed/posts/new`);
      await expectNoA11yViolations(page, "the company post form");
    });
  });
});
