import { sql } from "kysely";
import type { BrowserContext, Page } from "playwright-core";
import enAuth from "~/locales/en/auth.json";
import frAuth from "~/locales/fr/auth.json";
import { MAGIC_LINK_MINUTES } from "~/modules/auth/magic-link.server";
import { hashToken } from "~/modules/auth/tokens.server";
import { localeCookie } from "~/modules/i18n/i18n.server";
import { translator } from "~/modules/i18n/translator";
import { runQueuedJobs } from "~/modules/jobs/boss.server";
import { testDb, useTestDatabase } from "../support/database";
import { useHttpApp } from "../support/http-app";
import { describeWithBrowser, expectVisible, inNewContext, launchBrowser, saveShot, type BrowserSession } from "./support/browser";
import { createUser } from "../factories";
import { useJobQueue } from "../support/job-queue";

/**
 * The magic-link pages with JavaScript on, in English and French: after asking for a link, the page
 * says how many minutes it works; an expired link's page says how long links work. Both numbers
 * come from a server-only module: read while rendering, they were undefined in the browser ("for
 * minutes") and the expired page raised hydration errors, which every journey now fails on.
 *
 * The built app runs in this process on the test database, so a link can be aged in its row.
 */

useTestDatabase();
useJobQueue();
const app = useHttpApp();

const SHOWN = { en: enAuth, fr: frAuth } as const;
type Locale = keyof typeof SHOWN;

/** Chrome logs the expired link's page, answered with 410 on purpose, as a failed resource. */
const GONE_IN_CONSOLE = /status of 410\b/;

async function chooseLanguage(context: BrowserContext, locale: Locale) {
  const [name, value] = (await localeCookie.serialize(locale)).split(";")[0]!.split("=");
  await context.addCookies([{ name: name!, value: value!, url: app.base }]);
}

/** Text with every run of spaces (French non-breaking ones included) as one space. */
const normalise = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, " ");

/** The visible text of the main landmark, normalised. */
async function mainText(page: Page) {
  return normalise(await page.getByRole("main").innerText());
}

/** Asks for a link with the form and waits for the "check your inbox" page. */
async function askForLink(page: Page, locale: Locale, email: string) {
  await page.goto(`${app.base}/login/link`);
  await page.getByRole("main").getByLabel(SHOWN[locale].link.email).fill(email);
  await page.getByRole("main").getByRole("button", { name: SHOWN[locale].link.submit }).click();
  await expectVisible(page.getByRole("main").getByRole("heading", { name: SHOWN[locale].link.sentTitle }));
}

/** The token of the newest link emailed to `email` (the background job sends it). */
async function emailedToken(email: string): Promise<string> {
  await runQueuedJobs(["auth.magic-link"]);
  const sent = await testDb().selectFrom("emails").select("text").where("to_address", "=", email).orderBy("created_at", "desc").executeTakeFirst();
  const token = sent?.text.match(/\/login\/magic\/([a-z2-7]{32})/)?.[1];
  if (!token) throw new Error(`no magic link was emailed to ${email}`);
  return token;
}

describeWithBrowser("magic-link pages in the browser", () => {
  let browser: BrowserSession;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it.each(["en", "fr"] as const)("says for how many minutes the link works once it is asked for (%s, JavaScript on)", async (locale) => {
    await inNewContext(browser, {}, async ({ context, page }) => {
      await chooseLanguage(context, locale);
      const email = `someone.${locale}@example.net`;
      await askForLink(page, locale, email);

      const expected = normalise(translator(locale, "auth")("link.sent", { email, minutes: MAGIC_LINK_MINUTES }));
      expect(expected).toContain(`${MAGIC_LINK_MINUTES} minutes`);
      expect(await mainText(page)).toContain(expected);
      await saveShot(page, `magic-link-sent-${locale}`);
    });
  });

  it.each(["en", "fr"] as const)("says for how many minutes links work on an expired link's page, without a hydration error (%s)", async (locale) => {
    const alumnus = await createUser({ role: "alumnus", email: `alumnus.${locale}@example.net`, locale });
    await inNewContext(browser, {}, async ({ context, page, errors }) => {
      await chooseLanguage(context, locale);
      await askForLink(page, locale, alumnus.email);
      const token = await emailedToken(alumnus.email);
      await testDb()
        .updateTable("one_time_tokens")
        .set({ expires_at: sql<Date>`now() - interval '1 minute'` })
        .where("token_hash", "=", hashToken(token))
        .execute();

      errors.allow(GONE_IN_CONSOLE);
      await page.goto(`${app.base}/login/magic/${token}`);
      await expectVisible(page.getByRole("main").getByRole("heading", { level: 1, name: SHOWN[locale].magic.invalidTitle }));
      const expected = normalise(translator(locale, "auth")("magic.expired", { minutes: MAGIC_LINK_MINUTES }));
      expect(expected).toContain(`${MAGIC_LINK_MINUTES} minutes`);
      expect(await mainText(page)).toContain(expected);
      // Text rendered by the server and left as it was by hydration: read it again once React has run.
      await errors.settleAndAssertClean();
      expect(await mainText(page)).toContain(expected);
      await saveShot(page, `magic-link-expired-${locale}`);
    });
  });
});
