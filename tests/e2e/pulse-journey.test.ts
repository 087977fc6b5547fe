import enEmail from "~/locales/en/email.json";
import enPulse from "~/locales/en/pulse.json";
import { wallTimeOf } from "~/utils/time-zones";
import { expectNoA11yViolations } from "./support/a11y";
import { describeWithBrowser, expectPath, expectVisible, inNewContext, saveShot } from "./support/browser";
import { useJourney } from "./support/journey";
import { signInWithPassword } from "./support/sign-in";

/**
 * An alumni pulse from end to end, in a real browser on the demo data (Alex agreed to pulse
 * questions): HR schedules a pulse of the default pulse survey for now, the job mails it, Alex opens
 * the score 8 link of his email (from the fake Resend), finds 8 selected, adds a comment and sends,
 * sees the thanks page, and HR sees one answer on the pulse's page.
 *
 * The job queues one email per recipient, and Resend's 2 requests a second space them out: with
 * the demo's 25 recipients Alex's email may arrive 12–25 s after the pulse starts (his place in the
 * queue follows his random id), so the test has a minute, not the default 30 s.
 */

const HR = { email: "hr@example.com", password: "demo-password" };
const ALEX = "alex.alumni@example.net";
const a = enPulse.admin;
const answer = enPulse.answer;

describeWithBrowser("an alumni pulse in the browser", () => {
  const journey = useJourney();

  it("HR schedules it, Alex answers from the email's score link, HR sees the answer count", async () => {
    const { portal, browser } = journey;
    const { page } = browser;
    const step = journey.steps();
    let pulsePath = "";

    await step("HR schedules a pulse of the default pulse survey to go out now", async () => {
      await signInWithPassword(page, portal.url, HR, "/admin");
      await page.getByRole("navigation").first().getByRole("link", { name: "Pulses" }).first().click();
      await expectPath(page, "/admin/pulses");
      await page.getByRole("link", { name: a.new }).first().click();
      await expectPath(page, "/admin/pulses/new");
      // The hint names the company's time zone: "now" on its clocks.
      const hint = await page.getByText(/^Company time \(/).innerText();
      const timeZone = /\(([^)]+)\)/.exec(hint)![1]!;
      const now = wallTimeOf(new Date(), timeZone);
      await page.getByLabel(a.day).fill(now.day);
      await page.getByLabel(a.time).fill(now.time);
      await expectNoA11yViolations(page, "the schedule form");
      await page.getByRole("button", { name: a.submit }).click();
      await expectPath(page, /^\/admin\/pulses\/[0-9a-f-]{36}\?done=scheduled$/);
      pulsePath = new URL(page.url()).pathname;
      await expectVisible(page.getByText(a.detail.done.scheduled));
    });

    let scoreLink = "";
    await step("Alex receives the email with the 0–10 scale as eleven links to his answer page", async () => {
      const email = await portal.fakeResend.waitForEmail(ALEX, { subject: enEmail.pulse.subject.replace("{{company}}", "Acme Corp"), timeoutMs: 45_000 });
      const links = portal.fakeResend.linksIn(email).filter((href) => href.includes("/pulse/") && href.includes("?score="));
      expect(links).toHaveLength(11);
      expect(links.map((href) => new URL(href).searchParams.get("score"))).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
      scoreLink = links[8]!;
    });

    await inNewContext(browser, {}, async ({ page: alex }) => {
      await step("Alex opens the score 8 link: 8 is selected, nothing is recorded yet", async () => {
        await alex.goto(scoreLink);
        await expectVisible(alex.getByRole("heading", { level: 1, name: answer.title.replace("{{company}}", "Acme Corp") }));
        expect(await alex.getByRole("radio", { name: "8", exact: true }).isChecked()).toBe(true);
        await expectNoA11yViolations(alex, "the pulse answer page");
        await saveShot(alex, "pulse-answer-desktop");
        await alex.setViewportSize({ width: 375, height: 812 });
        await saveShot(alex, "pulse-answer-375");
        await alex.setViewportSize({ width: 1280, height: 800 });
      });

      await step("Alex adds a comment and sends: the thanks page", async () => {
        await alex.getByLabel(/What is the main reason for your score/).fill("Good people, and they kept in touch.");
        await alex.getByRole("button", { name: answer.submit }).click();
        await expectVisible(alex.getByRole("heading", { level: 1, name: answer.thanksTitle }));
        await expectVisible(alex.getByText(answer.thanks));
        await saveShot(alex, "pulse-thanks");
      });
    });

    await step("HR sees one answer on the pulse's page", async () => {
      await page.goto(`${portal.url}${pulsePath}`);
      await expectVisible(page.getByTestId("pulse-answers").filter({ hasText: /^1$/ }));
      await saveShot(page, "pulse-admin-detail");
      await page.goto(`${portal.url}/admin/pulses`);
      await expectVisible(page.getByRole("cell", { name: a.statuses.open }));
      await expectNoA11yViolations(page, "the pulses list");
      await saveShot(page, "pulse-admin-list");
    });
  }, 60_000);
});
