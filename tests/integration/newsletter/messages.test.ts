import { findLinkByCode } from "~/modules/links/tracked-links.server";
import { prepareIssueMessages, type SnapshotRecipient } from "~/modules/newsletter/messages.server";
import { makeIssue, seedAlumni } from "../../factories/newsletter";
import { testDb, useTestDatabase } from "../../support/database";

useTestDatabase();

async function recipients(count: number): Promise<SnapshotRecipient[]> {
  const alumni = await seedAlumni({ count });
  return alumni.map((a, index) => ({ recipientNo: index, userId: a.userId, email: a.email, locale: index % 2 ? "fr" : "en" }));
}

describe("newsletter messages", () => {
  it("builds the same bytes for a batch every time it is built", async () => {
    const issueId = await makeIssue({ items: 3 });
    const batch = await recipients(100);
    const first = JSON.stringify(batch.map((await prepareIssueMessages(testDb(), issueId)).messageFor));
    const second = JSON.stringify(batch.map((await prepareIssueMessages(testDb(), issueId)).messageFor));
    expect(second).toBe(first);
    expect(first).not.toMatch(/20\d\d-\d\d-\d\dT/);
  });

  it("writes for each recipient the tracked links its message points to, once however often it runs", async () => {
    const issueId = await makeIssue({ items: 2 });
    const batch = await recipients(3);
    const messages = await prepareIssueMessages(testDb(), issueId);
    await messages.ensureLinks(testDb(), batch);
    await messages.ensureLinks(testDb(), batch);

    const rows = await testDb().selectFrom("tracked_links").selectAll().where("subject_ref", "=", `newsletter/${issueId}`).execute();
    expect(rows).toHaveLength(6);
    const message = messages.messageFor(batch[1]!);
    const codes = [...message.html.matchAll(/\/r\/([A-Za-z0-9_-]+)"/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(2);
    for (const code of codes) {
      const link = await findLinkByCode(code, testDb());
      expect(link).toMatchObject({ channel: "newsletter", userId: batch[1]!.userId, campaign: `newsletter-${issueId}` });
      expect(link!.targetUrl).toMatch(/^https:\/\/news\.example\.com\//);
    }
  });

  it("speaks each recipient's language, with English when the issue has no French text", async () => {
    const bilingual = await prepareIssueMessages(testDb(), await makeIssue());
    const englishOnly = await prepareIssueMessages(testDb(), await makeIssue({ french: false }));
    const [first, second] = await recipients(2);
    const en: SnapshotRecipient = { ...first!, locale: "en" };
    const fr: SnapshotRecipient = { ...second!, locale: "fr" };
    expect(bilingual.messageFor(en).subject).toMatch(/^Alumni news/);
    expect(bilingual.messageFor(fr).subject).toMatch(/^Nouvelles/);
    expect(bilingual.messageFor(fr).text).toContain("Se désabonner");
    expect(englishOnly.messageFor(fr).subject).toMatch(/^Alumni news/);
  });
});
