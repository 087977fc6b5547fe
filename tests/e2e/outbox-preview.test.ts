import type { BrowserContext, Page } from "playwright-core";
import enAdmin from "~/locales/en/admin.json";
import { sendEmail } from "~/modules/email/send-email.server";
import { useTestDatabase } from "../support/database";
import { useHttpApp } from "../support/http-app";
import { describeWithBrowser, expectVisible, inNewContext, launchBrowser, saveShot, type BrowserSession } from "./support/browser";
import { createUser, signIn } from "../factories";
import { useJobQueue } from "../support/job-queue";

/**
 * HR's outbox page shows an email's HTML in a frame as tall as the email: nothing cut, no scrolling
 * inside the frame, on a phone and on a desktop. Without JavaScript the frame keeps a generous fixed
 * height and a link opens the email on its own.
 */

useTestDatabase();
useJobQueue();
const app = useHttpApp();

const PHONE = { width: 375, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

async function queueInvitation() {
  const { emailId } = await sendEmail({
    to: "grace@example.test",
    template: "staff-invitation",
    props: { url: "http://localhost:3000/set-password/tok", name: "Grace", inviterName: "Ada", role: "task_owner", expiresInHours: 72 },
    locale: "en",
  });
  return emailId;
}

async function signInAsHr(context: BrowserContext) {
  const [name, value] = (await signIn(await createUser({ role: "hr_admin" }))).split("=");
  await context.addCookies([{ name: name!, value: value!, url: app.base }]);
}

/** Where the email's content ends and where its frame ends, in the page's pixels. */
async function frameAndContent(page: Page) {
  const frame = page.locator("iframe.email-frame");
  const frameBox = (await frame.boundingBox())!;
  const body = frame.contentFrame().locator("body");
  const bodyBox = (await body.boundingBox())!;
  const bottomMargin = await body.evaluate((element) => parseFloat(getComputedStyle(element).marginBottom)).catch(() => 0);
  return { frameBottom: frameBox.y + frameBox.height, frameHeight: frameBox.height, contentBottom: bodyBox.y + bodyBox.height + bottomMargin, contentHeight: bodyBox.height };
}

describeWithBrowser("the outbox's email preview in the browser", () => {
  let browser: BrowserSession;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    ["a phone", PHONE],
    ["a desktop", DESKTOP],
  ] as const)("sizes the frame to the whole email on %s, with JavaScript", async (device, viewport) => {
    const emailId = await queueInvitation();
    await inNewContext(browser, { viewport }, async ({ context, page }) => {
      await signInAsHr(context);
      await page.goto(`${app.base}/admin/outbox/${emailId}`);
      const frame = page.locator("iframe.email-frame");
      await frame.scrollIntoViewIfNeeded();
      await expectVisible(frame.contentFrame().getByText("Grace", { exact: false }));
      // Sized once the frame has loaded (if it never is, the measures below say what is wrong).
      await page
        .waitForFunction(() => (document.querySelector("iframe.email-frame") as HTMLIFrameElement | null)?.style.height.endsWith("px"), undefined, { timeout: 5_000 })
        .catch(() => {});

      const sizes = await frameAndContent(page);
      expect(sizes.contentBottom, `the email ends below its frame on ${device}: ${JSON.stringify(sizes)}`).toBeLessThanOrEqual(sizes.frameBottom + 1);
      // No empty band under the email either.
      expect(sizes.frameHeight, JSON.stringify(sizes)).toBeLessThanOrEqual(sizes.contentHeight + 80);
      await saveShot(page, `outbox-preview-${device.replace(" ", "-")}`);
    });
  });

  it("keeps a tall frame and offers the email on its own without JavaScript", async () => {
    const emailId = await queueInvitation();
    await inNewContext(browser, { javaScriptEnabled: false, viewport: PHONE }, async ({ context, page }) => {
      await signInAsHr(context);
      await page.goto(`${app.base}/admin/outbox/${emailId}`);
      const { frameHeight } = await frameAndContent(page);
      expect(frameHeight).toBeGreaterThanOrEqual(640);

      const open = page.getByRole("main").getByRole("link", { name: enAdmin.outbox.htmlOpen });
      expect(await open.getAttribute("href")).toBe(`/admin/outbox/${emailId}/html`);
      const alone = await page.request.get(`${app.base}/admin/outbox/${emailId}/html`);
      expect(alone.status()).toBe(200);
      expect(await alone.text()).toContain("Grace");
    });
  });
});
