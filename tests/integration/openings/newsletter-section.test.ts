import { scheduleIssue } from "~/modules/newsletter/controls.server";
import { prepareIssueMessages, type SnapshotRecipient } from "~/modules/newsletter/messages.server";
import { setIssueOpenings } from "~/modules/newsletter/openings-section.server";
import { issuePreviewHtml } from "~/modules/newsletter/preview.server";
import { startIssueSend } from "~/modules/newsletter/snapshot.server";
import { trackedLinkUrl } from "~/modules/links/tracked-links.server";
import { referralLinkCode, referralLinkFor } from "~/modules/openings/referrals.server";
import { installDefaultsWithoutSurveys, makeFeedItem, makeMember, makeNewsletterIssue, makeOpening } from "../../factories";
import { testDb, useTestDatabase } from "../../support/database";
import { useJobQueue } from "../../support/job-queue";

/**
 * The newsletter's "Open roles" section (issue 14, ADR 034): only recipients whose openings consent
 * was granted when the send started get it, each with their own referral link; the others get the
 * issue without it. The flag is snapshotted, so a batch rebuilt later is the same bytes.
 */

useTestDatabase();
useJobQueue();

beforeEach(async () => {
  await installDefaultsWithoutSurveys();
});

async function issueWithOpenings() {
  const item = await makeFeedItem({ status: "approved", title: "Acme opens in Lyon" });
  const { issueId } = await makeNewsletterIssue({ subject: "December news", sections: [{ titleEn: "News", items: [item] }] });
  const opening = await makeOpening({ titleEn: "Platform engineer", titleFr: "Ingénieur plateforme" });
  await setIssueOpenings(testDb(), issueId, [opening.id]);
  return { issueId, opening };
}

async function snapshot(issueId: string): Promise<SnapshotRecipient[]> {
  const rows = await testDb()
    .selectFrom("newsletter_recipients")
    .select(["recipient_no as recipientNo", "user_id as userId", "email", "locale", "openings"])
    .where("issue_id", "=", issueId)
    .orderBy("recipient_no")
    .execute();
  return rows.map((row) => ({ ...row, email: row.email! }));
}

describe("the newsletter's Open roles section", () => {
  it("goes only to recipients who consented to openings, with their own referral link; the others get the issue without it", async () => {
    const { issueId, opening } = await issueWithOpenings();
    const fan = await makeMember({ consents: ["newsletter", "openings"], locale: "fr" });
    const reader = await makeMember({ consents: ["newsletter"] });
    await scheduleIssue(testDb(), issueId, "now", null);
    await startIssueSend(testDb(), issueId);
    const recipients = await snapshot(issueId);
    expect(recipients.map((r) => [r.userId, r.openings]).sort()).toEqual(
      [
        [fan.userId, true],
        [reader.userId, false],
      ].sort(),
    );

    const messages = await prepareIssueMessages(testDb(), issueId);
    await messages.ensureLinks(testDb(), recipients);
    const fanMessage = messages.messageFor(recipients.find((r) => r.userId === fan.userId)!);
    const readerMessage = messages.messageFor(recipients.find((r) => r.userId === reader.userId)!);
    const fanReferral = trackedLinkUrl({ code: referralLinkCode({ openingId: opening.id, userId: fan.userId }) });
    expect(fanMessage.html).toContain("Postes ouverts");
    expect(fanMessage.html).toContain("Ingénieur plateforme");
    expect(fanMessage.html).toContain(fanReferral);
    expect(fanMessage.text).toContain(fanReferral);
    expect(readerMessage.html).not.toContain("Open roles");
    expect(readerMessage.html).not.toContain("Platform engineer");
    expect(readerMessage.html).not.toContain("/r/" + referralLinkCode({ openingId: opening.id, userId: reader.userId }));
    expect(readerMessage.html).toContain("Acme opens in Lyon");

    // The section's links exist for the consenting reader only: their referral link and their tracked link to the opening's page.
    const links = await testDb().selectFrom("tracked_links").select(["channel", "user_id", "code", "target_url"]).where("feed_item_id", "is", null).execute();
    expect(links.every((link) => link.user_id === fan.userId)).toBe(true);
    expect(links.map((link) => link.channel).sort()).toEqual(["newsletter", "referral"]);
    // The page's "get my referral link" gives the very link the newsletter carried.
    expect((await referralLinkFor(testDb(), opening.id, fan.userId)).url).toBe(fanReferral);
    expect(await testDb().selectFrom("tracked_links").select("id").where("channel", "=", "referral").execute()).toHaveLength(1);

    // A consent withdrawn after the snapshot changes nothing in the rebuilt batch: same bytes.
    await testDb().insertInto("consent_events").values({ user_id: fan.userId, purpose: "openings", granted: false, policy_version: "1", text_hash: "x", source: "preferences", ip_hash: null }).execute();
    const again = await prepareIssueMessages(testDb(), issueId);
    expect(again.messageFor((await snapshot(issueId)).find((r) => r.userId === fan.userId)!)).toEqual(fanMessage);
  });

  it("is left out for everyone when the issue has no openings, and HR's preview shows it with the openings' pages", async () => {
    const { issueId, opening } = await issueWithOpenings();
    const preview = await issuePreviewHtml(testDb(), issueId, "en");
    expect(preview).toContain("Open roles");
    expect(preview).toContain(`/openings/${opening.id}`);
    await setIssueOpenings(testDb(), issueId, []);
    const fan = await makeMember({ consents: ["newsletter", "openings"] });
    await scheduleIssue(testDb(), issueId, "now", null);
    await startIssueSend(testDb(), issueId);
    const [recipient] = await snapshot(issueId);
    expect(recipient).toMatchObject({ userId: fan.userId, openings: false });
    expect((await prepareIssueMessages(testDb(), issueId)).messageFor(recipient!).html).not.toContain("Open roles");
  });

  it("accepts only open openings, at most ten", async () => {
    const { issueId } = await issueWithOpenings();
    const closed = await makeOpening({ status: "closed" });
    await expect(setIssueOpenings(testDb(), issueId, [closed.id])).rejects.toMatchObject({ failures: [{ code: "newsletter.openingNotOpen", field: "openingId" }] });
    const many = await Promise.all(Array.from({ length: 11 }, () => makeOpening()));
    await expect(setIssueOpenings(testDb(), issueId, many.map((o) => o.id))).rejects.toMatchObject({ failures: [{ code: "newsletter.tooManyOpenings" }] });
  });
});
