import type { Page } from "playwright-core";
import enAlumni from "~/locales/en/alumni.json";
import enFeeds from "~/locales/en/feeds.json";
import { expectNoA11yViolations } from "./support/a11y";
import { describeWithBrowser, expectPath, expectVisible, inNewContext } from "./support/browser";
import { useJourney } from "./support/journey";
import { signInWithMagicLink, signInWithPassword } from "./support/sign-in";

/**
 * Issue 11's journey in a real browser, on the demo data: HR approves an article of a source; Alex,
 * the demo alumnus who chose the share feed, finds it on /alumni, rewrites the X text and shares it
 * (the X page the new tab opens is checked, not followed: the network is not reachable from here);
 * a reader opening the tracked link reaches the article with the campaign parameters, and HR sees
 * the click counted once the buffer is flushed.
 */

const HR = { email: "hr@example.com", password: "demo-password" };
const ALUMNUS_EMAIL = "alex.alumni@example.net";
const ARTICLE = "Why alumni networks are the new recruiting channel";
const MY_TEXT = "My old team saw this coming. Worth a read.";
// A desktop Chrome's User-Agent: headless Chromium announces itself, and isbot rightly skips it.
const READER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

describeWithBrowser("sharing from the share feed in the browser", () => {
  const journey = useJourney();

  it("takes an approved article from HR's queue to an alumnus's X share and counts the click it brings", async () => {
    const { portal, browser } = journey;
    const { page: hrPage } = browser;
    const step = journey.steps();
    let trackedLink = "";

    await step("HR approves an Industry Weekly article from the review queue", async () => {
      await signInWithPassword(hrPage, portal.url, HR, "/admin");
      await hrPage.goto(`${portal.url}/admin/feed`);
      await hrPage.getByRole("link", { name: `Edit and approve “${ARTICLE}”` }).click();
      await hrPage.getByRole("button", { name: enFeeds.item.approve }).click();
      await expectVisible(hrPage.getByText("1 item approved."));
    });

    await inNewContext(browser, {}, async ({ page, context }) => {
      await step("Alex signs in by magic link and finds the article in the share feed", async () => {
        await signInWithMagicLink(page, portal, ALUMNUS_EMAIL, "/alumni");
        await expectVisible(page.getByRole("heading", { name: enAlumni.feed.title }));
        await expectVisible(page.getByRole("link", { name: ARTICLE }));
        await expectNoA11yViolations(page, "the share feed");
      });

      await step("Alex rewrites the X text and shares it: the new tab goes to X with his text, the disclosure line and a tracked link", async () => {
        await page.getByRole("listitem").filter({ hasText: ARTICLE }).getByRole("link", { name: enAlumni.feed.editFirst }).click();
        await expectPath(page, /^\/alumni\/share\/[0-9a-f-]{36}$/);
        await expectNoA11yViolations(page, "an item's share page");
        await page.getByLabel("Your text for X").fill(MY_TEXT);
        // The portal answers the share with a redirect to X; the new tab's request for X's page is
        // read (X is not reachable from here, and a route cannot intercept a redirect's target).
        const toX = context.waitForEvent("request", (request) => request.url().startsWith("https://twitter.com/"));
        await page.getByRole("button", { name: "Share on X" }).click();
        const opened = (await toX).url();
        await Promise.all(context.pages().filter((tab) => tab !== page).map((tab) => tab.close()));
        const shareUrl = new URL(opened);
        expect(shareUrl.origin + shareUrl.pathname).toBe("https://twitter.com/intent/tweet");
        expect(shareUrl.searchParams.get("text")).toBe(`${MY_TEXT}\n\n#formeremployee of Acme Corp`);
        trackedLink = shareUrl.searchParams.get("url")!;
        expect(trackedLink).toMatch(new RegExp(`^${portal.url}/r/[A-Za-z0-9_-]{12}$`));
      });
    });

    await inNewContext(browser, { userAgent: READER_AGENT }, async ({ page, context }) => {
      await step("a reader opening the tracked link lands on the article with the campaign parameters", async () => {
        // The article's site is not reachable from here: the browser's request for it is read.
        const toArticle = context.waitForEvent("request", (request) => request.url().startsWith("https://industry-weekly.example/"));
        await page.goto(trackedLink).catch(() => undefined);
        const landed = new URL((await toArticle).url());
        expect(landed.origin + landed.pathname).toBe("https://industry-weekly.example/articles/3");
        expect(Object.fromEntries(landed.searchParams)).toEqual({ utm_source: "alumni-portal", utm_medium: "x", utm_campaign: "share-feed" });
      });
    });

    await step("HR sees the share and the click on the analytics page once the click buffer is flushed", async () => {
      await expectClicksCounted(hrPage, portal.url, ARTICLE);
    });
  }, 90_000);
});

/**
 * Reloads HR's analytics until the article's row shows its click (the buffer flushes every second):
 * then the row must read one share, on X, and one click.
 */
async function expectClicksCounted(page: Page, portalUrl: string, title: string) {
  const deadline = Date.now() + 10_000;
  let cells: string[] = [];
  for (;;) {
    await page.goto(`${portalUrl}/admin/feed/analytics`);
    const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: title }) });
    cells = (await row.count()) > 0 ? (await row.locator("td").allInnerTexts()).map((cell) => cell.trim()) : [];
    // Kind, source, then LinkedIn, X, Facebook, shares, clicks, clicks per share.
    if (cells[6] === "1") break;
    if (Date.now() > deadline) throw new Error(`no click counted for “${title}” on the analytics page; its cells read: ${cells.join(" | ") || "(no row)"}`);
    await page.waitForTimeout(500);
  }
  expect(cells.slice(1, 7)).toEqual(["Industry Weekly", "0", "1", "0", "1", "1"]);
}
