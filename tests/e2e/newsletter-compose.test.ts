import type { Page } from "playwright-core";
import enAuth from "~/locales/en/auth.json";
import enNewsletter from "~/locales/en/newsletter.json";
import { expectNoA11yViolations } from "./support/a11y";
import { describeWithBrowser, expectPath, expectVisible, inNewContext, journeySteps, launchBrowser, saveShot, type BrowserSession } from "./support/browser";
import { acquirePortal, type RunningPortal } from "./support/portal";
import { signInWithPassword } from "./support/sign-in";

/**
 * Issue 12's composing journey in a real browser, on the demo data: HR creates an issue, writes its
 * subject and intro, adds two approved items in two sections, reorders the sections, sees the
 * preview follow, and sends a test that reaches (fake) Resend; then Alex, the demo alumnus, reads the
 * demo's sent issue in the archive, with his own tracked links. (Sending the issue is the engine's.)
 */

const HR = { email: "hr@example.com", password: "demo-password" };
const ALUMNUS_EMAIL = "alex.alumni@example.net";
const POST = "Acme Corp opens its Lisbon office";
const ARTICLE = "The quiet return of the four-day week";
const SUBJECT = "Alumni news — the browser's issue";
const c = enNewsletter.compose;

describeWithBrowser("composing the newsletter in the browser", () => {
  let portal: RunningPortal;
  let browser: BrowserSession;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([acquirePortal(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function notice(page: Page, text: string) {
    await expectVisible(page.getByRole("status").filter({ hasText: text }));
  }

  it("takes an issue from a new draft to a test in HR's inbox, and an alumnus reads a sent one in the archive", async () => {
    const { page, errors } = browser;
    const step = journeySteps(() => {
      errors.assertClean();
      const serverErrors = portal.takeServerErrors();
      if (serverErrors.length > 0) throw new Error(`The portal logged errors:\n${serverErrors.join("\n")}`);
    });

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

    await inNewContext(browser, {}, async ({ page: alumnusPage }) => {
      await step("Alex reads last month's issue in the archive, with his own tracked links", async () => {
        await alumnusPage.goto(`${portal.url}/login/link`);
        await alumnusPage.getByRole("main").getByLabel(enAuth.link.email).fill(ALUMNUS_EMAIL);
        await alumnusPage.getByRole("main").getByRole("button", { name: enAuth.link.submit }).click();
        await expectVisible(alumnusPage.getByRole("main").getByRole("heading", { name: enAuth.link.sentTitle }));
        const signIn = await portal.fakeResend.waitForEmail(ALUMNUS_EMAIL, { timeoutMs: 20_000 });
        await alumnusPage.goto(portal.fakeResend.linksIn(signIn).find((href) => href.includes("/login/magic/"))!);
        await alumnusPage.getByRole("main").getByRole("button", { name: enAuth.magic.submit }).click();
        await expectPath(alumnusPage, "/alumni");
        await alumnusPage.getByRole("main").getByRole("link", { name: enNewsletter.archive.homeLink }).click();
        await expectPath(alumnusPage, "/alumni/newsletter");
        await alumnusPage.getByRole("link", { name: /alumni news — last month/ }).click();
        await expectPath(alumnusPage, /^\/alumni\/newsletter\/[0-9a-f-]{36}$/);
        const link = alumnusPage.getByRole("heading", { level: 3, name: POST }).getByRole("link");
        expect(await link.getAttribute("href")).toMatch(new RegExp(`^${portal.url}/r/[A-Za-z0-9_-]{16}$`));
        await expectNoA11yViolations(alumnusPage, "an archived issue");
        await saveShot(alumnusPage, "newsletter-archive-issue");
      });
    });
  }, 120_000);
});

/** The item titles in the desktop preview frame, in the order the email shows them. */
async function previewOrder(page: Page): Promise<string[]> {
  const frame = page.frameLocator('iframe[data-width="desktop"]');
  await expectVisible(frame.getByText(POST));
  const text = await frame.locator("body").innerText();
  return [POST, ARTICLE].sort((a, b) => text.indexOf(a) - text.indexOf(b));
}
