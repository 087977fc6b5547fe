import type { Page } from "playwright-core";
import enAlumni from "~/locales/en/alumni.json";
import enDeliverability from "~/locales/en/deliverability.json";
import enNetwork from "~/locales/en/network.json";
import enNewsletter from "~/locales/en/newsletter.json";
import { expectNoA11yViolations } from "./support/a11y";
import { describeWithBrowser, expectPath, expectVisible, inNewContext, saveShot } from "./support/browser";
import { useJourney } from "./support/journey";
import { signInWithMagicLink, signInWithPassword } from "./support/sign-in";

/**
 * Issue 12's journey in a real browser, on the demo data: HR creates an issue, writes its subject
 * and intro, adds two approved items in two sections, reorders the sections, sees the preview
 * follow, sends a test that reaches (fake) Resend, then sends the issue to the demo alumni and
 * watches the progress reach 100 %; Alex, the demo alumnus, receives it with both unsubscribe
 * headers, reads it in the archive with the tracked links of his email, and leaves the newsletter
 * from the email's link (its page changes nothing; its button does).
 */

const HR = { email: "hr@example.com", password: "demo-password" };
const ALUMNUS_EMAIL = "alex.alumni@example.net";
const POST = "Acme Corp opens its Lisbon office";
const ARTICLE = "The quiet return of the four-day week";
const SUBJECT = "Alumni news — the browser's issue";
const c = enNewsletter.compose;
const send = enNewsletter.send;
const unsubscribe = enDeliverability.unsubscribe;

describeWithBrowser("the newsletter in the browser, from a draft to an unsubscribe", () => {
  const journey = useJourney();

  async function notice(page: Page, text: string) {
    await expectVisible(page.getByRole("status").filter({ hasText: text }));
  }

  it("is composed, tested and sent to the demo alumni, read in the archive and left from its own link", async () => {
    const { portal, browser } = journey;
    const { page } = browser;
    const step = journey.steps();

    await step("HR creates an issue from the newsletter page", async () => {
      await signInWithPassword(page, portal.url, HR, "/admin");
      await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Newsletter" }).last().click();
      await expectPath(page, "/admin/newsletter");
      await page.getByRole("main").getByRole("link", { name: enNewsletter.list.new }).first().click();
      await expectPath(page, "/admin/newsletter/new");
      await page.getByLabel(enNewsletter.new.subject).fill(SUBJECT);
      await page.getByRole("button", { name: enNewsletter.new.submit }).click();
      await expectPath(page, /^\/admin\/newsletter\/[0-9a-f-]{36}$/);
      await expectVisible(page.getByRole("heading", { level: 1, name: SUBJECT }));
    });

    await step("HR writes the intro in Markdown", async () => {
      const english = page.getByRole("group", { name: c.english });
      await english.getByLabel(c.fields.preheader).fill("Two stories for you");
      await english.getByLabel(c.fields.intro).fill("Hello **everyone**, here is the news.");
      await page.getByRole("button", { name: c.saveTexts }).click();
      await notice(page, c.notice.texts);
    });

    await step("HR adds two sections and an approved item to each", async () => {
      for (const title of ["From the company", "Worth reading"]) {
        const form = page.locator("form.newsletter-add-section");
        await form.getByLabel(c.fields.sectionTitleEn).fill(title);
        await form.getByRole("button", { name: c.addSection }).click();
        await notice(page, c.notice.sectionAdded);
      }
      const postRow = page.locator(".newsletter-candidates li").filter({ hasText: POST });
      await postRow.getByLabel(c.fields.section, { exact: true }).selectOption({ label: "From the company" });
      await postRow.getByRole("button", { name: `Add ${POST} to the chosen section` }).click();
      await notice(page, c.notice.itemAdded);
      const articleRow = page.locator(".newsletter-candidates li").filter({ hasText: ARTICLE });
      await articleRow.getByLabel(c.fields.section, { exact: true }).selectOption({ label: "Worth reading" });
      await articleRow.getByRole("button", { name: `Add ${ARTICLE} to the chosen section` }).click();
      await notice(page, c.notice.itemAdded);
      await expectNoA11yViolations(page, "the Compose tab");
      await saveShot(page, "newsletter-compose");
    });

    await step("the preview shows the items in the issue's order, and follows a reorder", async () => {
      expect(await previewOrder(page)).toEqual([POST, ARTICLE]);
      await page.getByRole("button", { name: "Move the section Worth reading up" }).click();
      await notice(page, c.notice.moved);
      expect(await previewOrder(page)).toEqual([ARTICLE, POST]);
      const phone = page.locator('iframe[data-width="phone"]');
      expect((await phone.boundingBox())?.width).toBeCloseTo(375, -1);
      await saveShot(page, "newsletter-preview");
    });

    await step("HR sends a test: it reaches the inbox with [Test] and tracked links", async () => {
      await page.getByRole("button", { name: c.testSubmit }).click();
      await notice(page, "Test sent to hr@example.com");
      const email = await portal.fakeResend.waitForEmail(HR.email, { subject: `[Test] ${SUBJECT}`, timeoutMs: 20_000 });
      const links = portal.fakeResend.linksIn(email);
      expect(links.filter((href) => href.startsWith(`${portal.url}/r/`)).length).toBeGreaterThanOrEqual(2);
      expect(links).toContain(`${portal.url}/alumni/preferences`);
      expect(links.some((href) => href.includes("/unsubscribe/"))).toBe(false);
    });

    await step("HR sends the issue to the demo alumni and watches the progress reach 100 %", async () => {
      await page.getByRole("navigation", { name: enNewsletter.issue.tabs.label }).getByRole("link", { name: enNewsletter.issue.tabs.send }).click();
      await expectPath(page, /^\/admin\/newsletter\/[0-9a-f-]{36}\/send$/);
      const count = page.getByRole("status").filter({ hasText: "would receive this issue now" });
      await expectVisible(count);
      await expectNoA11yViolations(page, "the Send tab");
      await saveShot(page, "newsletter-send");
      await page.getByRole("button", { name: /^Send now to \d+ alumn/ }).click();
      // The start job takes the snapshot within seconds; the tab refreshes itself until it is done.
      await expectVisible(page.getByRole("heading", { name: send.progress.title }), 30_000);
      await expectVisible(page.getByRole("link", { name: send.progress.seeResults }), 30_000);
      const status = await page.getByRole("status").filter({ hasText: "recipients handled" }).innerText();
      const [done, total] = [...status.matchAll(/\d+/g)].map((match) => Number(match[0]));
      expect(total).toBeGreaterThan(0);
      expect(done).toBe(total);
      await saveShot(page, "newsletter-sent");
    });

    let unsubscribeLink = "";
    await step("Alex receives it, with both unsubscribe headers and his own tracked links", async () => {
      const email = await portal.fakeResend.waitForEmail(ALUMNUS_EMAIL, { subject: SUBJECT, timeoutMs: 30_000 });
      expect(email.batch).toBe(true);
      expect(email.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      const header = /^<(https?:\/\/[^>]+\/unsubscribe\/[^>]+)>$/.exec(email.headers["List-Unsubscribe"] ?? "");
      expect(header).not.toBeNull();
      unsubscribeLink = header![1]!;
      const links = portal.fakeResend.linksIn(email);
      expect(links).toContain(unsubscribeLink);
      expect(links.filter((href) => href.startsWith(`${portal.url}/r/`)).length).toBeGreaterThanOrEqual(2);
    });

    await inNewContext(browser, {}, async ({ page: alumnusPage }) => {
      await step("Alex reads the issue in the archive, with the tracked links of his email", async () => {
        await signInWithMagicLink(alumnusPage, portal, ALUMNUS_EMAIL, "/alumni");
        await alumnusPage.getByRole("main").getByRole("link", { name: enNetwork.home.newsletterAll }).click();
        await expectPath(alumnusPage, "/alumni/newsletter");
        await alumnusPage.getByRole("link", { name: SUBJECT }).click();
        await expectPath(alumnusPage, /^\/alumni\/newsletter\/[0-9a-f-]{36}$/);
        const email = await portal.fakeResend.waitForEmail(ALUMNUS_EMAIL, { subject: SUBJECT });
        const link = alumnusPage.getByRole("heading", { level: 3, name: POST }).getByRole("link");
        expect(portal.fakeResend.linksIn(email)).toContain(await link.getAttribute("href"));
        await expectNoA11yViolations(alumnusPage, "an archived issue");
        await saveShot(alumnusPage, "newsletter-archive-issue");
      });

      await step("Alex opens the email's unsubscribe link: a page that changes nothing, then the button", async () => {
        await alumnusPage.goto(unsubscribeLink);
        await expectVisible(alumnusPage.getByRole("heading", { name: unsubscribe.title, level: 1 }));
        await alumnusPage.getByRole("button", { name: unsubscribe.submit }).click();
        await expectVisible(alumnusPage.getByRole("heading", { name: unsubscribe.doneTitle, level: 1 }));
        // The consent ledger says so: the preference centre offers to subscribe again.
        await alumnusPage.goto(`${portal.url}/alumni/preferences`);
        await expectVisible(alumnusPage.getByRole("button", { name: enAlumni.preferences.grantLabel.replace("{{purpose}}", enAlumni.purposes.newsletter.label) }));
      });
    });
  }, 180_000);
});

/** The item titles in the desktop preview frame, in the order the email shows them. */
async function previewOrder(page: Page): Promise<string[]> {
  const frame = page.frameLocator('iframe[data-width="desktop"]');
  await expectVisible(frame.getByText(POST));
  const text = await frame.locator("body").innerText();
  return [POST, ARTICLE].sort((a, b) => text.indexOf(a) - text.indexOf(b));
}
