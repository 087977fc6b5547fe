import { scheduleIssue } from "~/modules/newsletter/controls.server";
import { prepareIssueMessages } from "~/modules/newsletter/messages.server";
import { setIssuePulse } from "~/modules/newsletter/pulse-block.server";
import { issuePreviewHtml } from "~/modules/newsletter/preview.server";
import { startIssueSend } from "~/modules/newsletter/snapshot.server";
import { pulseAnswerUrl } from "~/modules/pulse/pulse-links.server";
import { createUser, installDefaultsWithoutSurveys, makeFeedItem, makeMember, makeNewsletterIssue, makePulse } from "../../factories";
import { setConsent } from "../../factories/scoring";
import { testDb, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";

/**
 * The newsletter's pulse block (issue 13): an issue rendered once per language carries an open pulse's
 * 0–10 scale, and each recipient's message gets eleven links to their own answer page — only a
 * recipient who agreed to pulse questions, as for the pulse's own email.
 */

useTestDatabase();
useJobQueue();

const pulseLinks = (html: string) => [...html.matchAll(/href="([^"]*\/pulse\/[^"]*)"/g)].map((match) => match[1]!.replace(/&amp;/g, "&"));

async function issueWithPulse() {
  const item = await makeFeedItem({ status: "approved", title: "Acme opens in Lyon" });
  const { issueId } = await makeNewsletterIssue({ subject: "December news", sections: [{ titleEn: "News", items: [item] }] });
  const { pulse } = await makePulse();
  await setIssuePulse(testDb(), issueId, pulse.id);
  return { issueId, pulseId: pulse.id };
}

describe("the newsletter's pulse block", () => {
  it("gives each recipient eleven links, 0 to 10, to their own answer page, in the HTML and the text", async () => {
    const { issueId, pulseId } = await issueWithPulse();
    const [ada, bob] = [await createUser({ role: "alumnus" }), await createUser({ role: "alumnus" })];
    const messages = await prepareIssueMessages(testDb(), issueId);
    for (const [recipientNo, user, locale] of [[0, ada, "en"], [1, bob, "fr"]] as const) {
      const message = messages.messageFor({ recipientNo, userId: user.id, email: `${user.id}@example.org`, locale, pulse: true });
      const own = pulseAnswerUrl({ pulseId, userId: user.id });
      expect(pulseLinks(message.html)).toEqual(Array.from({ length: 11 }, (_, score) => `${own}?score=${score}`));
      for (let score = 0; score <= 10; score += 1) expect(message.text).toContain(`${own}?score=${score}`);
      const other = user.id === ada.id ? bob : ada;
      expect(message.html).not.toContain(pulseAnswerUrl({ pulseId, userId: other.id }));
    }
    expect(messages.messageFor({ recipientNo: 0, userId: ada.id, email: "a@example.org", locale: "en", pulse: true }).html).toContain("How likely are you to recommend Acme Corp as a place to work?");
  });

  it("is the same bytes when prepared again, and the preview links to no answer page", async () => {
    const { issueId } = await issueWithPulse();
    const user = await createUser({ role: "alumnus" });
    const recipient = { recipientNo: 0, userId: user.id, email: "c@example.org", locale: "en" as const, pulse: true };
    const once = (await prepareIssueMessages(testDb(), issueId)).messageFor(recipient);
    expect((await prepareIssueMessages(testDb(), issueId)).messageFor(recipient)).toEqual(once);
    const preview = await issuePreviewHtml(testDb(), issueId, "en");
    expect(pulseLinks(preview)).toEqual([]);
    expect(preview.match(/\?score=\d+/g)).toHaveLength(11);
  });

  it("can only carry a pulse that takes answers, and be removed", async () => {
    const item = await makeFeedItem({ status: "approved" });
    const { issueId } = await makeNewsletterIssue({ subject: "News", sections: [{ titleEn: "News", items: [item] }] });
    const closed = await makePulse({ status: "closed" });
    await expect(setIssuePulse(testDb(), issueId, closed.pulse.id)).rejects.toMatchObject({ code: "pulse.notEmbeddable" });
    const open = await makePulse();
    await setIssuePulse(testDb(), issueId, open.pulse.id);
    await setIssuePulse(testDb(), issueId, null);
    const messages = await prepareIssueMessages(testDb(), issueId);
    expect(messages.messageFor({ recipientNo: 0, userId: null, email: "d@example.org", locale: "en", pulse: true }).html).not.toContain("?score=");
  });

  it("goes only to recipients whose pulse consent was granted when the send started; the others get the issue without it", async () => {
    await installDefaultsWithoutSurveys();
    const { issueId, pulseId } = await issueWithPulse();
    const answerer = await makeMember({ consents: ["newsletter", "pulse"], locale: "fr" });
    const reader = await makeMember({ consents: ["newsletter"] });
    const withdrawn = await makeMember({ consents: ["newsletter", "pulse"] });
    await setConsent(withdrawn.userId, "pulse", false);
    await scheduleIssue(testDb(), issueId, "now", null);
    await startIssueSend(testDb(), issueId);
    const recipients = await testDb()
      .selectFrom("newsletter_recipients")
      .select(["recipient_no as recipientNo", "user_id as userId", "email", "locale", "openings", "pulse"])
      .where("issue_id", "=", issueId)
      .execute();
    expect(Object.fromEntries(recipients.map((r) => [r.userId, r.pulse]))).toEqual({ [answerer.userId]: true, [reader.userId]: false, [withdrawn.userId]: false });

    const messages = await prepareIssueMessages(testDb(), issueId);
    const messageOf = (userId: string) => messages.messageFor({ ...recipients.find((r) => r.userId === userId)!, email: "x@example.org" });
    expect(pulseLinks(messageOf(answerer.userId).html)).toHaveLength(11);
    expect(messageOf(answerer.userId).html).toContain(pulseAnswerUrl({ pulseId, userId: answerer.userId }));
    for (const userId of [reader.userId, withdrawn.userId]) {
      const { html, text } = messageOf(userId);
      expect(html).not.toContain("?score=");
      expect(text).not.toContain("?score=");
      expect(html).toContain("Acme opens in Lyon");
    }
    // A consent granted after the snapshot changes nothing in this issue: the flag is frozen.
    await setConsent(reader.userId, "pulse", true);
    expect(messageOf(reader.userId).html).not.toContain("?score=");
  });
});
