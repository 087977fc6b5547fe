import type { BrowserContext, Page } from "playwright-core";
import enAlumni from "~/locales/en/alumni.json";
import enCommon from "~/locales/en/common.json";
import enDepartures from "~/locales/en/departures.json";
import enExit from "~/locales/en/exit.json";
import enResponses from "~/locales/en/responses.json";
import enFailures from "~/locales/en/failures.json";
import frAlumni from "~/locales/fr/alumni.json";
import frCommon from "~/locales/fr/common.json";
import frExit from "~/locales/fr/exit.json";
import frFailures from "~/locales/fr/failures.json";
import { translator } from "~/modules/i18n/translator";
import { addBusinessDays, todayIn } from "~/utils/calendar-days";
import { DEFAULT_REASONS } from "~/modules/offboarding/defaults.server";
import { defaultExitSurveyDefinition } from "~/modules/surveys/defaults.server";
import { getEnv } from "~/utils/env.server";
import { formatDate } from "~/utils/format";
import {
  describeWithBrowser,
  expectPath,
  expectVisible,
  inNewContext,
  journeySteps,
  launchBrowser,
  saveFailureScreenshot,
  saveShot,
  type BrowserContextSession,
  type BrowserSession,
} from "./support/browser";
import { expectNoA11yViolations } from "./support/a11y";
import { recordDepartureWithForm } from "./support/departure-form";
import { signInWithPassword } from "./support/sign-in";
import { acquirePortal, type RunningPortal } from "./support/portal";

/**
 * The exit flow in a real browser, as the leaver and HR live it: HR records a departure, the
 * invitation email arrives, opening its link signs nobody in until the leaver presses Continue, the
 * leaver answers (one refused answer explained beside its question), leaves mid-way and resumes from
 * the same email, finishes, joins the alumni network, confirms the personal address from the second
 * email, and HR then sees "alumni joined" and reads the confidential answers (the reading counted).
 * Then, in a test of its own, the flow in French on a phone without JavaScript, declining the alumni
 * invitation. The first journey is one test of named steps (each builds on the one before); each
 * test opens its own browser contexts and runs alone (`-t`). Every page of the flow shows the same step indicator, and axe finds no WCAG A/AA violation on the
 * welcome page, a survey page with an error, the alumni step, the thank-you page and HR's pages.
 *
 * The demo seed's default exit survey is used as shipped: confidential, four pages (reasons +
 * manager + growth; pay + workload + culture; eNPS; the follow-up shown for an eNPS of 6 or less,
 * "would you come back", "what should we change").
 */

const HR = { email: "hr@example.com", password: "demo-password", name: "Hana Reyes" };
const LEAVER = { name: "Jordan Exitwell", email: "jordan.exitwell@example.com", personalEmail: "jordan.exitwell@example.net" };
const FRENCH_LEAVER = { name: "Chloé Départ", email: "chloe.depart@example.com" };
const PHONE = { width: 375, height: 740 };
const STAY_ANSWER = "A clearer path to a senior role, and a manager with time for one-to-ones.";
const CHANGE_ANSWER = "Publish the salary bands.";

const COMPANY = getEnv().COMPANY_NAME;
const TIME_ZONE = getEnv().COMPANY_TIME_ZONE;
const enResponsesT = translator("en", "responses");
const INVITATION_SUBJECT = translator("en", "email")("exitInvitation.subject", { company: COMPANY });
const enExitT = translator("en", "exit");
const enAlumniT = translator("en", "alumni");
const frAlumniT = translator("fr", "alumni");

/** The shipped survey's prompts, by question id, as the portal (same environment) seeded them. */
const survey = defaultExitSurveyDefinition(COMPANY);
function prompt(id: string, locale: "en" | "fr" = "en"): string {
  const question = survey.questions.find((q) => q.id === id);
  if (!question) throw new Error(`The default exit survey has no question "${id}"`);
  return question.prompt[locale];
}
function reasonLabel(code: string, locale: "en" | "fr" = "en"): string {
  const reason = DEFAULT_REASONS.find((r) => r.code === code);
  if (!reason) throw new Error(`No default reason "${code}"`);
  return reason[locale];
}

/** A question shown as a group of choices (a fieldset named by its prompt). */
function question(target: Page, id: string, locale: "en" | "fr" = "en") {
  return target.getByRole("main").getByRole("group", { name: prompt(id, locale) });
}

function choice(target: Page, id: string, label: string, locale: "en" | "fr" = "en") {
  return question(target, id, locale).getByRole(id === "reasons" ? "checkbox" : "radio", { name: label, exact: true });
}

function textAnswer(target: Page, id: string, locale: "en" | "fr" = "en") {
  return target.getByRole("main").getByRole("textbox", { name: prompt(id, locale) });
}

/** Chrome logs a document or fetch answered with an error status like this; a refused form answers 400 on purpose. */
const rejectedInConsole = (status: number) => new RegExp(`status of ${status}\\b`);

function languageButton(target: Page, shownIn: typeof enCommon, locale: "en" | "fr") {
  return target.getByRole("group", { name: shownIn.language.label }).getByRole("button", { name: shownIn.language[locale] });
}

async function htmlLang(target: Page) {
  return target.locator("html").getAttribute("lang");
}

/** The flow's step indicator ("1 Survey · 2 Alumni network · 3 Done") marks exactly one step as current. */
async function expectCurrentStep(target: Page, shownIn: typeof enExit, step: keyof typeof enExit.steps) {
  const steps = target.getByRole("main").getByRole("list", { name: shownIn.steps.label });
  await expectVisible(steps);
  expect(await steps.getByRole("listitem").count()).toBe(3);
  const current = steps.locator('[aria-current="step"]');
  expect(await current.count()).toBe(1);
  expect(await current.innerText()).toContain(shownIn.steps[step]);
}

function isSessionCookie(name: string) {
  return /^(__Host-)?session$/.test(name);
}

describeWithBrowser("exit flow journey in the browser", () => {
  let portal: RunningPortal;
  let browser: BrowserSession;
  const today = todayIn(TIME_ZONE);
  const lastDay = addBusinessDays(today, 15);

  beforeAll(async () => {
    [portal, browser] = await Promise.all([acquirePortal(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(() => {
    // Undefined only when beforeAll failed, which vitest already reports.
    assertNoServerErrors();
  });

  function assertNoServerErrors() {
    const serverErrors = portal?.takeServerErrors() ?? [];
    if (serverErrors.length > 0) throw new Error(`The portal logged errors:\n${serverErrors.join("\n")}`);
  }

  function signIn(target: Page, email: string, password: string, landing: string) {
    return signInWithPassword(target, portal.url, { email, password }, landing);
  }

  /** Records a departure with HR's form (no personal address: the leaver gives one when joining). */
  function recordDeparture(hr: Page, person: { name: string; email: string }): Promise<string> {
    return recordDepartureWithForm(hr, portal.url, person, { noticeDate: today, lastDay });
  }

  /** The /exit/link/ address in the invitation that reached `address`. */
  async function linkFromInvitation(address: string): Promise<string> {
    const email = await portal.fakeResend.waitForEmail(address, { timeoutMs: 20_000, subject: INVITATION_SUBJECT });
    const link = portal.fakeResend.linksIn(email).find((href) => href.includes("/exit/link/"));
    expect(link, `no /exit/link/ link in the invitation: ${portal.fakeResend.linksIn(email).join(", ")}`).toBeDefined();
    expect(link!.startsWith(`${portal.url}/exit/link/`)).toBe(true);
    return link!;
  }

  function emailsTo(address: string) {
    return portal.fakeResend.received.filter((email) => email.to.some((to) => to.toLowerCase() === address.toLowerCase()));
  }

  /** Opens the emailed link and presses Continue: the leaver lands on the welcome page. */
  async function followInvitation(target: Page, link: string) {
    await target.goto(link);
    await expectVisible(target.getByRole("main").getByRole("heading", { level: 1, name: enExit.link.title }));
    await target.getByRole("main").getByRole("button", { name: enExit.link.submit }).click();
    await expectPath(target, "/exit");
    await expectVisible(target.getByRole("main").getByRole("heading", { level: 1, name: enExit.welcome.title }));
  }

  async function sessionCookies(context: BrowserContext) {
    return (await context.cookies()).filter((cookie) => isSessionCookie(cookie.name));
  }

  it("takes a leaver from HR's form through the emailed link, the survey and the alumni network, and shows HR the outcome", async () => {
    // HR's own browser context, signed in at the first step; the leaver's, when one is open.
    await inNewContext(browser, {}, async ({ page: hr, errors: hrErrors }) => {
      let leaver: BrowserContextSession | undefined;
      const step = journeySteps(() => {
        hrErrors.assertClean();
        leaver?.errors.assertClean();
        assertNoServerErrors();
      });
      const openLeaverContext = async () => {
        leaver = await browser.newContext();
        return leaver.page;
      };
      let invitationLink = "";
      let departurePath = "";
      try {
        await step("HR records a departure with the form, and the exit invitation goes to the work address", async () => {
          await signIn(hr, HR.email, HR.password, "/admin");
          departurePath = await recordDeparture(hr, LEAVER);

          invitationLink = await linkFromInvitation(LEAVER.email);
          // HR gave no personal address: the work address is the only one written to.
          expect(emailsTo(LEAVER.email)).toHaveLength(1);
          expect(emailsTo(LEAVER.personalEmail)).toHaveLength(0);
        });

        await step("opening the link signs nobody in: no session cookie, and /exit asks to sign in", async () => {
          // What a mail scanner does.
          const scanned = await fetch(invitationLink, { redirect: "manual" });
          expect(scanned.status).toBe(200);
          expect(scanned.headers.getSetCookie().some((cookie) => /^(__Host-)?session=[^;]/.test(cookie))).toBe(false);

          // What a person does who opens the link and goes no further.
          await inNewContext(browser, {}, async ({ page, context }) => {
            await page.goto(invitationLink);
            await expectVisible(page.getByRole("main").getByRole("button", { name: enExit.link.submit }));
            expect(await sessionCookies(context)).toEqual([]);
            await page.goto(`${portal.url}/exit`);
            await expectPath(page, "/login");
          });
        });

        await step("a missing answer is explained beside its question; the leaver then resumes where they left, with earlier answers kept", async () => {
          const first = await openLeaverContext();
          await followInvitation(first, invitationLink);
          // Pressing Continue is what signs in (the cookie the previous step proved absent).
          expect(await sessionCookies(first.context())).toHaveLength(1);

          // Before the first question: who sees the answers, in plain words (the default survey is confidential).
          const privacy = first.getByRole("main").getByRole("region", { name: enExit.welcome.whoSeesTitle });
          await expectVisible(privacy.getByText(enExit.welcome.confidential.badge, { exact: true }));
          await expectVisible(privacy.getByText(enExit.welcome.confidential.body));
          await expectCurrentStep(first, enExit, "survey");
          await expectNoA11yViolations(first, "the welcome page (English, desktop)");
          await saveShot(first, "exit-welcome");
          await first.getByRole("main").getByRole("link", { name: enExit.welcome.start }).click();
          await expectPath(first, "/exit/survey/1");
          await expectVisible(first.getByRole("progressbar", { name: enExitT("survey.progress", { current: 1, total: 4 }) }));

          // Page 1 sent without its required question: refused, and the reason is given beside that question.
          leaver!.errors.allow(rejectedInConsole(400));
          await choice(first, "manager", "4").check();
          await first.getByRole("main").getByRole("button", { name: enExit.survey.next }).click();
          const reasons = question(first, "reasons");
          await expectVisible(reasons.getByText(enFailures.surveyAnswer.required.several));
          await expectVisible(first.getByRole("main").getByRole("alert").filter({ hasText: enExit.survey.errorTitle }));
          expect(await choice(first, "reasons", reasonLabel("career_growth")).getAttribute("aria-invalid")).toBe("true");
          // What was answered stays: only the missing answer is asked for.
          expect(await choice(first, "manager", "4").isChecked()).toBe(true);
          await expectPath(first, "/exit/survey/1");
          await expectCurrentStep(first, enExit, "survey");
          await expectNoA11yViolations(first, "a survey page with an error (English, desktop)");
          await saveShot(first, "exit-survey-page-error");

          await choice(first, "reasons", reasonLabel("career_growth")).check();
          await choice(first, "reasons", reasonLabel("manager")).check();
          await first.getByRole("main").getByRole("button", { name: enExit.survey.next }).click();
          await expectPath(first, "/exit/survey/2");

          // Part of page 2, then the leaver closes the browser without going on.
          await choice(first, "pay_benefits", "2").check();
          leaver!.errors.assertClean();
          await leaver!.close();
          leaver = undefined;

          // Later, from the same email, in a new browser.
          const second = await openLeaverContext();
          await followInvitation(second, invitationLink);
          await expectVisible(second.getByRole("main").getByText(enExit.welcome.resumeNote));
          await second.getByRole("main").getByRole("link", { name: enExit.welcome.resume }).click();
          await expectPath(second, "/exit/survey/2");

          // Back once: page 1 shows what was sent from the other browser.
          await second.getByRole("main").getByRole("button", { name: enExit.survey.back }).click();
          await expectPath(second, "/exit/survey/1");
          await expectVisible(question(second, "reasons"));
          expect(await choice(second, "reasons", reasonLabel("career_growth")).isChecked()).toBe(true);
          expect(await choice(second, "reasons", reasonLabel("manager")).isChecked()).toBe(true);
          expect(await choice(second, "reasons", reasonLabel("compensation")).isChecked()).toBe(false);
          expect(await choice(second, "manager", "4").isChecked()).toBe(true);

          // And forward again.
          await second.getByRole("main").getByRole("button", { name: enExit.survey.next }).click();
          await expectPath(second, "/exit/survey/2");
          await expectVisible(question(second, "pay_benefits"));
        });

        await step("after a low eNPS the follow-up question shows; the answers are sent and the alumni invitation opens", async () => {
          const page = leaver!.page;
          await choice(page, "pay_benefits", "2").check();
          await choice(page, "workload", "3").check();
          await page.getByRole("main").getByRole("button", { name: enExit.survey.next }).click();
          await expectPath(page, "/exit/survey/3");

          await choice(page, "enps", "4").check();
          await page.getByRole("main").getByRole("button", { name: enExit.survey.next }).click();
          await expectPath(page, "/exit/survey/4");

          // Asked only because the score was 6 or less.
          await textAnswer(page, "stay_factors").fill(STAY_ANSWER);
          await choice(page, "come_back", enExit.survey.yes).check();
          await textAnswer(page, "change").fill(CHANGE_ANSWER);
          await expectVisible(page.getByRole("main").getByText(enExit.survey.sendNote));
          await page.getByRole("main").getByRole("button", { name: enExit.survey.send }).click();

          await expectPath(page, "/exit/alumni");
          await expectVisible(page.getByRole("main").getByRole("heading", { name: enAlumni.step.joinTitle, exact: true }));
        });

        await step("the leaver joins the alumni network with a personal address and two of the five consents", async () => {
          const page = leaver!.page;
          const main = page.getByRole("main");
          const consent = (purpose: keyof typeof enAlumni.purposes) =>
            main.getByRole("checkbox", { name: enAlumni.purposes[purpose].label, exact: true });
          const purposes = Object.keys(enAlumni.purposes) as (keyof typeof enAlumni.purposes)[];
          expect(purposes).toHaveLength(5);
          // Nothing is ticked for the person.
          for (const purpose of purposes) expect(await consent(purpose).isChecked(), purpose).toBe(false);
          await expectCurrentStep(page, enExit, "alumni");
          await expectNoA11yViolations(page, "the alumni step (English, desktop)");

          await main.getByLabel(enAlumni.step.personalEmail).fill(LEAVER.personalEmail);
          await consent("newsletter").check();
          await consent("openings").check();
          await saveShot(page, "exit-alumni-step");
          await main.getByRole("button", { name: enAlumni.step.join }).click();

          await expectPath(page, "/exit/thanks");
          await expectVisible(main.getByRole("heading", { level: 1, name: enAlumni.thanks.title }));
          await expectVisible(main.getByText(enAlumniT("thanks.joinedPending", { email: LEAVER.personalEmail })));
          await expectCurrentStep(page, enExit, "done");
          await expectNoA11yViolations(page, "the thank-you page (English, desktop)");

          // The choices stick, exactly: two granted, three not.
          await page.goto(`${portal.url}/exit/alumni`);
          for (const purpose of purposes) {
            expect(await consent(purpose).isChecked(), purpose).toBe(purpose === "newsletter" || purpose === "openings");
          }
        });

        await step("the second email, the first ever sent to the personal address, confirms it only when the button is pressed", async () => {
          const email = await portal.fakeResend.waitForEmail(LEAVER.personalEmail, { timeoutMs: 20_000 });
          expect(emailsTo(LEAVER.personalEmail)).toHaveLength(1);
          const link = portal.fakeResend.linksIn(email).find((href) => href.includes("/confirm-email/"));
          expect(link, `no /confirm-email/ link in the email: ${portal.fakeResend.linksIn(email).join(", ")}`).toBeDefined();

          // A mail scanner opening it first confirms nothing: the person still gets the button.
          expect((await fetch(link!, { redirect: "manual" })).status).toBe(200);
          const page = leaver!.page;
          await page.goto(link!);
          const main = page.getByRole("main");
          await expectVisible(main.getByRole("heading", { level: 1, name: enAlumni.confirm.title }));
          await expectVisible(main.getByText(enAlumniT("confirm.lead", { email: LEAVER.personalEmail })));
          await main.getByRole("button", { name: enAlumni.confirm.submit }).click();

          await expectVisible(main.getByRole("heading", { level: 1, name: enAlumni.confirm.doneTitle }));
          await expectVisible(main.getByText(enAlumniT("confirm.done", { email: LEAVER.personalEmail })));
        });

        await step("HR sees the finished survey and the alumni membership, and reads the confidential answers, the reading counted", async () => {
          await hr.goto(`${portal.url}${departurePath}`);
          const section = hr.getByRole("region", { name: enDepartures.detail.exitFlow.title });
          await expectVisible(section.getByText(enResponses.exitFlow.states.finished, { exact: true }));
          await expectVisible(section.getByText(enResponses.exitFlow.alumniStates.confirmed));
          await expectVisible(section.getByText(enResponses.exitFlow.viewsNone));

          await section.getByRole("link", { name: enResponses.exitFlow.readAnswers }).click();
          await expectPath(hr, /^\/admin\/responses\/[0-9a-f-]{36}$/);
          const main = hr.getByRole("main");
          await expectVisible(main.getByRole("heading", { level: 1, name: enResponsesT("response.title", { name: LEAVER.name }) }));
          await expectVisible(main.getByText(enResponses.response.auditNotice));
          await expectVisible(main.getByText(STAY_ANSWER));
          await expectVisible(main.getByText(CHANGE_ANSWER));
          await expectVisible(main.getByText(reasonLabel("career_growth"), { exact: true }));
          await expectVisible(main.getByText(enResponsesT("response.enpsValue", { score: 4, category: enResponses.enps.categories.detractor })));
          await expectNoA11yViolations(hr, "HR's page of one person's confidential answers");
          await saveShot(hr, "hr-confidential-answers");

          await main.getByRole("link", { name: enResponses.response.toDeparture }).click();
          await expectPath(hr, departurePath);
          const readOnce = enResponsesT("exitFlow.views", { count: 1, name: HR.name, date: formatDate(new Date(), "en", { timeZone: TIME_ZONE }) });
          await expectVisible(hr.getByRole("region", { name: enDepartures.detail.exitFlow.title }).getByText(readOnce));
          // The departure's history says it in words too.
          await expectVisible(hr.getByRole("main").getByText(`${LEAVER.name} ${enDepartures.timeline.actions.alumni_joined}`, { exact: true }));
          await expectNoA11yViolations(hr, "HR's departure page");
          await saveShot(hr, "hr-departure-exit-flow");
        });
      } catch (error) {
        if (leaver) await saveFailureScreenshot(leaver.page, undefined, "leaver");
        throw error;
      } finally {
        await leaver?.close();
      }
    });
  }, 240_000);

  it("takes a French leaver through the flow on a phone without JavaScript and lets them decline the alumni invitation in one click", async () => {
    await inNewContext(browser, {}, async ({ page: hr }) => {
      await signIn(hr, HR.email, HR.password, "/admin");
      const departure = await recordDeparture(hr, FRENCH_LEAVER);
      const link = await linkFromInvitation(FRENCH_LEAVER.email);

      await inNewContext(browser, { javaScriptEnabled: false, viewport: PHONE }, async ({ page, errors }) => {
        errors.allow(rejectedInConsole(400));
        const main = page.getByRole("main");
        await followInvitation(page, link);

        // The leaver's account starts in English; the header's switcher (a plain form) turns it to French.
        await languageButton(page, enCommon, "fr").click();
        await expectVisible(main.getByRole("heading", { level: 1, name: frExit.welcome.title }));
        expect(await htmlLang(page)).toBe("fr");
        expect(await languageButton(page, frCommon, "fr").getAttribute("aria-current")).toBe("true");
        await expectVisible(main.getByText(frExit.welcome.confidential.body));
        const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
        expect(scrollWidth, `the welcome page is ${scrollWidth} px wide`).toBeLessThanOrEqual(PHONE.width);
        await expectCurrentStep(page, frExit, "survey");
        await expectNoA11yViolations(page, "the welcome page (French, phone, no JavaScript)");
        await saveShot(page, "fr-phone-no-js-welcome");

        await main.getByRole("link", { name: frExit.welcome.start }).click();
        await expectPath(page, "/exit/survey/1");
        await choice(page, "growth", "2", "fr").check();
        await main.getByRole("button", { name: frExit.survey.next }).click();
        await expectVisible(question(page, "reasons", "fr").getByText(frFailures.surveyAnswer.required.several));
        expect(await htmlLang(page)).toBe("fr");
        expect(await choice(page, "growth", "2", "fr").isChecked()).toBe(true);
        await expectCurrentStep(page, frExit, "survey");
        await expectNoA11yViolations(page, "a survey page with an error (French, phone, no JavaScript)");
        await saveShot(page, "fr-phone-no-js-survey-error");

        await choice(page, "reasons", reasonLabel("relocation", "fr"), "fr").check();
        await main.getByRole("button", { name: frExit.survey.next }).click();
        await expectPath(page, "/exit/survey/2");
        await choice(page, "culture", "5", "fr").check();
        await main.getByRole("button", { name: frExit.survey.next }).click();
        await expectPath(page, "/exit/survey/3");
        await choice(page, "enps", "9", "fr").check();
        await main.getByRole("button", { name: frExit.survey.next }).click();
        await expectPath(page, "/exit/survey/4");

        // A promoter's score: the "what would have made you stay" follow-up is not asked.
        await expectVisible(question(page, "come_back", "fr"));
        expect(await textAnswer(page, "stay_factors", "fr").count()).toBe(0);
        await choice(page, "come_back", frExit.survey.no, "fr").check();
        await saveShot(page, "fr-phone-no-js-last-page");
        await main.getByRole("button", { name: frExit.survey.send }).click();

        await expectPath(page, "/exit/alumni");
        expect(await htmlLang(page)).toBe("fr");
        await expectVisible(main.getByRole("heading", { name: frAlumni.step.declineTitle }));
        await expectCurrentStep(page, frExit, "alumni");
        await expectNoA11yViolations(page, "the alumni step (French, phone, no JavaScript)");
        await saveShot(page, "fr-phone-no-js-alumni");
        await main.getByRole("button", { name: frAlumni.step.decline }).click();

        await expectPath(page, "/exit/thanks");
        await expectVisible(main.getByRole("heading", { level: 1, name: frAlumni.thanks.title }));
        await expectVisible(main.getByText(frAlumniT("thanks.declined", { date: formatDate(lastDay, "fr") })));
        expect(await htmlLang(page)).toBe("fr");
        const thanksWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
        expect(thanksWidth, `the thank-you page is ${thanksWidth} px wide`).toBeLessThanOrEqual(PHONE.width);
        await expectCurrentStep(page, frExit, "done");
        await expectNoA11yViolations(page, "the thank-you page (French, phone, no JavaScript)");
        await saveShot(page, "fr-phone-no-js-thanks");
      });

      // Declining sent nothing more: the invitation is still the only email to this leaver.
      expect(emailsTo(FRENCH_LEAVER.email)).toHaveLength(1);
      await hr.goto(`${portal.url}${departure}`);
      const section = hr.getByRole("region", { name: enDepartures.detail.exitFlow.title });
      await expectVisible(section.getByText(enResponses.exitFlow.states.finished, { exact: true }));
      await expectVisible(section.getByText(enResponses.exitFlow.alumniStates.declined));
      await expectVisible(hr.getByRole("main").getByText(`${FRENCH_LEAVER.name} ${enDepartures.timeline.actions.alumni_declined}`, { exact: true }));
    });
  }, 120_000);
});
